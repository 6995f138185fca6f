//! The one map from publish outcomes to SMPP statuses.

use inlet_message::publish::PublishError;
use inlet_pdu::{CommandId, CommandStatus};

use crate::config::ServerConfig;

/// The status a carrier gets when publishing its message failed: the
/// carrier retries temporary ones, never the permanent one.
pub(crate) fn for_publish_error(
    error: &PublishError,
    command: CommandId,
    config: &ServerConfig,
) -> CommandStatus {
    match error {
        PublishError::Backpressure => CommandStatus::ESME_RTHROTTLED,
        PublishError::Temporary(_) if command == CommandId::SUBMIT_SM => {
            CommandStatus(config.temporary_status_submit)
        }
        PublishError::Temporary(_) => CommandStatus(config.temporary_status_deliver),
        PublishError::Rejected(_) => CommandStatus::ESME_RSUBMITFAIL,
    }
}

/// The status of a known request inlet does not serve (answered with its
/// own response; the bind stays up).
pub(crate) fn for_unserved(command: CommandId) -> CommandStatus {
    match command {
        CommandId::QUERY_SM => CommandStatus::ESME_RQUERYFAIL,
        CommandId::CANCEL_SM => CommandStatus::ESME_RCANCELFAIL,
        CommandId::REPLACE_SM => CommandStatus::ESME_RREPLACEFAIL,
        _ => CommandStatus::ESME_RINVCMDID,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let c = ServerConfig::default();
        assert_eq!(
            for_publish_error(&PublishError::Backpressure, CommandId::SUBMIT_SM, &c),
            CommandStatus::ESME_RTHROTTLED
        );
        assert_eq!(
            for_publish_error(
                &PublishError::Temporary("down".into()),
                CommandId::SUBMIT_SM,
                &c
            ),
            CommandStatus::ESME_RSYSERR
        );
        assert_eq!(
            for_publish_error(
                &PublishError::Temporary("down".into()),
                CommandId::DELIVER_SM,
                &c
            ),
            CommandStatus::ESME_RX_T_APPN
        );
        assert_eq!(
            for_publish_error(
                &PublishError::Rejected("big".into()),
                CommandId::DATA_SM,
                &c
            ),
            CommandStatus::ESME_RSUBMITFAIL
        );
        assert_eq!(
            for_unserved(CommandId::QUERY_SM),
            CommandStatus::ESME_RQUERYFAIL
        );
        assert_eq!(
            for_unserved(CommandId::SUBMIT_MULTI),
            CommandStatus::ESME_RINVCMDID
        );
    }
}
