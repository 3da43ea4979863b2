package io.minetwin.engine.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Posts a notification's JSON to a webhook with the JDK's HTTP client (HTTPS through the JDK's TLS), signed as
 * {@link WebhookSignature} says. A 2xx answer is a delivery; 408, 425, 429 and 5xx answers, timeouts and refused
 * connections are retried; other answers (a 401 for a wrong secret, a 404 for a wrong path) and TLS failures are
 * not, since repeating the same request cannot fix them.
 */
final class WebhookSender implements Sender {

    private final ChannelSettings.Webhook channel;
    private final MessageFormat format;
    private final Clock clock;
    private final HttpClient client;
    private final byte[] secret;

    WebhookSender(ChannelSettings.Webhook channel, MessageFormat format, Clock clock) {
        this.channel = channel;
        this.format = format;
        this.clock = clock;
        this.secret = channel.secret();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(channel.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        channel.trusted().ifPresent(pem -> b.sslContext(TrustedCertificates.context(pem)));
        this.client = b.build();
    }

    @Override
    public Outcome send(Notification n, int attempt) throws InterruptedException {
        byte[] body = format.json(n, channel.name());
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(channel.url())
                .timeout(channel.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "minetwin-notifications")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                .header(WebhookSignature.DELIVERY_HEADER, n.id())
                .header(WebhookSignature.ATTEMPT_HEADER, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return outcome(response.statusCode());
        } catch (HttpConnectTimeoutException e) {
            return Outcome.retry("no connection within " + channel.timeout().toMillis() + " ms to " + channel.url());
        } catch (HttpTimeoutException e) {
            return Outcome.retry("no answer within " + channel.timeout().toMillis() + " ms from " + channel.url());
        } catch (ConnectException e) {
            return Outcome.retry("connection refused by " + channel.url().getHost() + ":" + port());
        } catch (SSLException e) {
            return Outcome.refused("TLS failed with " + channel.url().getHost() + ": " + e.getMessage()
                    + "; if the receiver's certificate is from a private CA, name it in trusted-certificates");
        } catch (IOException e) {
            return Outcome.retry("I/O error talking to " + channel.url() + ": " + e);
        }
    }

    private int port() {
        int p = channel.url().getPort();
        return p > 0 ? p : "https".equals(channel.url().getScheme()) ? 443 : 80;
    }

    static Outcome outcome(int status) {
        String s = "HTTP " + status;
        if (status >= 200 && status < 300) {
            return Outcome.delivered(s);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return Outcome.retry(s);
        }
        if (status == 401 || status == 403) {
            return Outcome.refused(s + ": the receiver refused the request; check that it verifies with the same"
                    + " secret");
        }
        return Outcome.refused(String.format(Locale.ROOT, "%s: the receiver does not accept the request; check the"
                + " url", s));
    }
}
