package io.minetwin.engine.notify;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A named place notifications are sent to, as the {@code notifications.channels} section declares it. */
public sealed interface ChannelSettings {

    /** The channel's name, as rules refer to it. */
    String name();

    /** How failed deliveries are retried. */
    Retry retry();

    /** What kind of channel it is, for messages: {@code webhook} or {@code email}. */
    String kind();

    /**
     * A webhook: an HTTP(S) POST of a JSON body per notification, signed with HMAC-SHA256.
     *
     * @param url        where to POST
     * @param secret     the signing key (from the environment variable {@code secretEnv})
     * @param secretEnv  the variable's name, for messages
     * @param timeout    connect and response timeout of one attempt
     * @param trusted    PEM certificates to trust for HTTPS besides the JDK's (a private CA); empty for the JDK's
     */
    record Webhook(String name, URI url, byte[] secret, String secretEnv, Duration timeout, Retry retry,
                   Optional<Path> trusted) implements ChannelSettings {
        public Webhook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(trusted, "trusted");
            if (secret == null || secret.length == 0) {
                throw new IllegalArgumentException("webhook '" + name + "' needs a non-empty secret");
            }
            secret = secret.clone();
        }

        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "Webhook[" + name + " -> " + url + "]";
        }
    }

    /**
     * E-mail over SMTP.
     *
     * @param host     the SMTP server (the submission port 587 usually)
     * @param starttls whether STARTTLS is required or used when offered
     * @param user     the user to authenticate as; empty to send without authentication
     * @param password the user's password (from the environment variable {@code passwordEnv})
     * @param from     the sender address
     * @param to       the recipients
     * @param timeout  connect, read and write timeout of one attempt
     * @param trusted  PEM certificates to trust for STARTTLS besides the JDK's (a private CA)
     */
    record Email(String name, String host, int port, StartTls starttls, Optional<String> user, String password,
                 String passwordEnv, String from, List<String> to, Duration timeout, Retry retry,
                 Optional<Path> trusted) implements ChannelSettings {
        public Email {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(starttls, "starttls");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(trusted, "trusted");
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("e-mail channel '" + name + "' needs at least one recipient");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be from 1 to 65535 but is " + port);
            }
        }

        @Override
        public String kind() {
            return "email";
        }

        @Override
        public String toString() {
            return "Email[" + name + " -> " + host + ":" + port + " " + to + "]";
        }
    }
}
