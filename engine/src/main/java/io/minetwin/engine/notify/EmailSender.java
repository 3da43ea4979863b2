package io.minetwin.engine.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends a notification as a plain-text e-mail through an SMTP server with Jakarta Mail (Eclipse Angus), upgrading
 * the connection with STARTTLS (required by default; the server's certificate and host name are checked) and
 * authenticating when a user is configured. Transient failures (refused connections, timeouts, 4xx answers) are
 * retried; a failed login, a refused recipient or a server without STARTTLS where it is required are not.
 */
final class EmailSender implements Sender {

    private final ChannelSettings.Email channel;
    private final MessageFormat format;
    private final Clock clock;
    private final Session session;

    EmailSender(ChannelSettings.Email channel, MessageFormat format, Clock clock) {
        this.channel = channel;
        this.format = format;
        this.clock = clock;
        this.session = Session.getInstance(properties(channel));
    }

    static Properties properties(ChannelSettings.Email c) {
        Properties p = new Properties();
        String ms = Long.toString(c.timeout().toMillis());
        p.put("mail.smtp.host", c.host());
        p.put("mail.smtp.port", Integer.toString(c.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", Boolean.toString(c.starttls() == StartTls.REQUIRED));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", Boolean.toString(c.user().isPresent()));
        c.trusted().ifPresent(pem -> p.put("mail.smtp.ssl.socketFactory",
                TrustedCertificates.context(pem).getSocketFactory()));
        return p;
    }

    @Override
    public Outcome send(Notification n, int attempt) throws InterruptedException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(channel.from(), true));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", channel.to()), true));
            m.setSubject(format.subject(n), StandardCharsets.UTF_8.name());
            m.setText(format.text(n), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(clock.instant()));
            m.setHeader("X-Minetwin-Notification", n.id());
            m.saveChanges();
            try (Transport t = session.getTransport("smtp")) {
                t.connect(channel.host(), channel.port(), channel.user().orElse(null),
                        channel.user().isPresent() ? channel.password() : null);
                t.sendMessage(m, m.getAllRecipients());
            }
            return Outcome.delivered("sent to " + channel.host() + ":" + channel.port() + " for "
                    + String.join(", ", channel.to()));
        } catch (AuthenticationFailedException e) {
            return Outcome.refused("SMTP login as '" + channel.user().orElse("") + "' refused by " + channel.host()
                    + ": " + message(e) + "; check the user and the password in $" + channel.passwordEnv());
        } catch (AddressException e) {
            return Outcome.refused("bad address: " + e.getMessage());
        } catch (SMTPSendFailedException e) {
            int code = e.getReturnCode();
            String s = "SMTP " + code + " from " + channel.host() + ": " + message(e);
            return code >= 400 && code < 500 ? Outcome.retry(s) : Outcome.refused(s);
        } catch (SendFailedException e) {
            return Outcome.refused("the SMTP server refused the recipients: " + message(e));
        } catch (MessagingException e) {
            return classify(e);
        }
    }

    private Outcome classify(MessagingException e) {
        String where = channel.host() + ":" + channel.port();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return Outcome.retry("connection refused by " + where);
            }
            if (c instanceof SocketTimeoutException) {
                return Outcome.retry("no answer within " + channel.timeout().toMillis() + " ms from " + where);
            }
            if (c instanceof UnknownHostException) {
                return Outcome.retry("unknown host " + channel.host());
            }
            if (c instanceof SSLException) {
                return Outcome.refused("STARTTLS with " + where + " failed: " + c.getMessage()
                        + "; if the server's certificate is from a private CA, name it in trusted-certificates");
            }
        }
        String m = message(e);
        if (m.contains("STARTTLS")) {
            return Outcome.refused(where + ": " + m + " (starttls: required; set starttls: optional only for a"
                    + " relay on a trusted network)");
        }
        return Outcome.retry("SMTP with " + where + " failed: " + m);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.trim().replaceAll("\\s+", " ");
    }
}
