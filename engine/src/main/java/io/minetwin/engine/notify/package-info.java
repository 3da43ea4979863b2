/**
 * Notifications that reach people: alert events matched against the rules of the configuration's
 * {@code notifications} section and sent to webhooks (HMAC-signed JSON) and e-mail (SMTP with STARTTLS), with a
 * digest window per rule so that a storm of alerts is one message per channel. The entry type is
 * {@link io.minetwin.engine.notify.Notifier}; {@link io.minetwin.engine.notify.NotificationsConfig} reads the
 * section and {@link io.minetwin.engine.notify.NotifyCommand} is {@code minetwin notify test}.
 */
package io.minetwin.engine.notify;
