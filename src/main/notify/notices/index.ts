// E-mail notices: after clearance only; reminders, escalations and the security coordinators' alerts.
export { NoticeDeliveries, NOTICE_RETRY, type NoticeAttachment, type NoticeDeliveriesOptions, type NoticeWork } from './noticeDeliveries.ts';
export { DEFAULT_RETURN_AFTER_DAYS, NoticeSettings, SmtpSettings, NoticeTemplate } from './noticeSettings.ts';
export { noticeMessage, type NoticeKind, type NoticeFacts } from './noticeMessage.ts';
export { noticeAddressees } from './noticeAddressing.ts';
export { dueNotices, waitingDays } from './noticeSchedule.ts';
export { returnToSenderList, type ReturnToSender } from './returnToSender.ts';
export { SecurityAlerts, type SecurityAlert } from './securityAlerts.ts';
