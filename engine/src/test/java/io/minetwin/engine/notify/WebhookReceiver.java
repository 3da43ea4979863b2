package io.minetwin.engine.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a site would write one, on the JDK's HTTP server at 127.0.0.1 and a free port: it checks
 * the signature the way the README tells receivers to (its own HMAC-SHA256 over "timestamp.body", compared in
 * constant time), answers 401 to a bad one, and keeps every request.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(long nanoTime, String body, String signature, String timestamp, String delivery, int attempt,
                   boolean signatureValid) {
    }

    private final HttpServer server;
    private final byte[] secret;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final IntUnaryOperator status;

    /** @param status the HTTP status to answer the n-th (1-based) validly signed request with */
    public WebhookReceiver(String secret, IntUnaryOperator status) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.status = status;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String signature = x.getRequestHeaders().getFirst("X-Minetwin-Signature");
        String timestamp = x.getRequestHeaders().getFirst("X-Minetwin-Timestamp");
        boolean valid = valid(timestamp, body, signature);
        String attempt = x.getRequestHeaders().getFirst("X-Minetwin-Attempt");
        requests.add(new Request(System.nanoTime(), new String(body, StandardCharsets.UTF_8), signature, timestamp,
                x.getRequestHeaders().getFirst("X-Minetwin-Delivery"), attempt == null ? 0 : Integer.parseInt(attempt),
                valid));
        int code = valid ? status.applyAsInt((int) requests.stream().filter(Request::signatureValid).count()) : 401;
        x.sendResponseHeaders(code, -1);
        x.close();
    }

    private boolean valid(String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(7)));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
