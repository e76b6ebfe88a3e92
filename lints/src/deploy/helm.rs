//! Helm charts: their templates are not YAML until rendered, so they are skipped
//! with a note.

use super::{rule, DeployFile, DeployKind};
use crate::finding::Finding;
use crate::source::LineIndex;

rule! {
    /// A Helm template is not YAML until `helm template` renders it, so its checks are
    /// skipped; this note says so (once per chart, on its `Chart.yaml`, or on a manifest
    /// with `{{ }}` outside a chart) instead of passing the chart in silence.
    ///
    /// ### Fires on
    /// ```yaml
    /// # chart/Chart.yaml, whose chart/templates/deployment.yaml says
    /// # replicas: {{ .Values.replicas }}
    /// apiVersion: v2
    /// ```
    /// ### Stays silent on
    /// ```yaml
    /// # deploy/deployment.yaml: plain YAML, checked
    /// replicas: 3
    /// ```
    HELM_SKIPPED = "helm_template_skipped"
}

/// One note per Helm chart whose `templates/` hold YAML: they are skipped together.
pub(crate) fn chart_notes(files: &[DeployFile]) -> Vec<(String, Finding)> {
    let mut notes = Vec::new();
    for chart in files.iter().filter(|f| f.kind == DeployKind::HelmChart) {
        let templates = files
            .iter()
            .filter(|f| is_chart_template(&f.path, chart))
            .count();
        if templates > 0 {
            let dir = chart.path.rsplit_once('/').map_or(".", |(dir, _)| dir);
            let message = format!(
                "helm chart `{dir}` skipped: its {templates} templates are not YAML until rendered"
            );
            notes.push((
                chart.path.clone(),
                helm_note(&LineIndex::new(&chart.text), &message),
            ));
        }
    }
    notes
}

/// True when `path` is a YAML file in the `templates/` of the chart whose `Chart.yaml` is `chart`.
pub(crate) fn is_chart_template(path: &str, chart: &DeployFile) -> bool {
    if chart.kind != DeployKind::HelmChart {
        return false;
    }
    let chart_dir = chart.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    is_in_templates(path, chart_dir)
}

fn is_in_templates(path: &str, chart_dir: &str) -> bool {
    let templates = if chart_dir.is_empty() {
        "templates/".to_string()
    } else {
        format!("{chart_dir}/templates/")
    };
    path.starts_with(&templates)
}

pub(crate) fn helm_note(index: &LineIndex<'_>, message: &str) -> Finding {
    Finding::new(HELM_SKIPPED.id, index.first_line(), message, "not checked").with_help(
        "render the chart (`helm template . > rendered.yaml`) and check the rendered manifests",
    )
}
