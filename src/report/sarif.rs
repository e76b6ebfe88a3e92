//! sarif report (to be written).

use super::Run;

/// Writes the run.
pub fn write(_run: &Run, _out: &mut dyn std::io::Write) -> std::io::Result<()> {
    Ok(())
}
