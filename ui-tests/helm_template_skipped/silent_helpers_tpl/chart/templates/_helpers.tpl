{{- define "api.fullname" -}}
{{ .Release.Name }}
{{- end }}
