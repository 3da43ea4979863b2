package io.minetwin.engine.notify;

import io.minetwin.engine.api.SelfSignedHttps;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * An SMTP server (SubEthaSMTP) on 127.0.0.1 and a free port that requires STARTTLS, with a self-signed certificate
 * for 127.0.0.1, and a login, and keeps every message with whether it came over TLS.
 */
public final class SmtpReceiver implements AutoCloseable {

    public static final String USER = "minetwin@example.com";
    public static final String PASSWORD = "smtp-password-for-tests";

    /** A message as received. */
    public record Mail(String from, String to, boolean tls, boolean authenticated, MimeMessage message) {
    }

    private final SMTPServer server;
    private final Path certificate;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    /** A server that requires STARTTLS (certificate generated in {@code dir}) and a login. */
    public SmtpReceiver(Path dir) throws Exception {
        this(dir, true);
    }

    /** With {@code tls} false, a server that offers neither STARTTLS nor a login (an old relay). */
    public SmtpReceiver(Path dir, boolean tls) throws Exception {
        var cert = SelfSignedHttps.ensure(dir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.tls().keyStore())) {
            ks.load(in, cert.tls().password());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, cert.tls().password());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        this.certificate = cert.pem();
        Session parser = Session.getInstance(new Properties());
        SMTPServer.Builder b = SMTPServer.port(0)
                .bindAddress(java.net.InetAddress.getByName("127.0.0.1"))
                .hostName("127.0.0.1");
        if (tls) {
            b.enableTLS()
                    .requireTLS()
                    .startTlsSocketFactory(ctx)
                    .requireAuth()
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                        if (!USER.equals(user) || !PASSWORD.equals(password)) {
                            throw new LoginFailedException("wrong user or password");
                        }
                    }));
        }
        this.server = b.messageHandler((context, from, to, data) -> {
                    try {
                        boolean overTls = context instanceof org.subethamail.smtp.server.Session s && s.isTLSStarted();
                        mails.add(new Mail(from, to, overTls, context.getAuthenticationHandler().isPresent(),
                                new MimeMessage(parser, new ByteArrayInputStream(data))));
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .build();
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** The server's certificate as PEM, for the channel's trusted-certificates. */
    public Path certificate() {
        return certificate;
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    @Override
    public void close() {
        server.stop();
    }
}
