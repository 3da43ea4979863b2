package io.minetwin.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Requests Jetty refuses before they reach a route (a URL with an encoded NUL, an ambiguous encoded path separator,
 * a malformed header) get the API's error JSON ({@code status, error, message}) instead of Jetty's HTML page.
 */
final class JsonBadMessageHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", status == 431 ? "headers_too_large" : status == 414 ? "uri_too_long" : "bad_request");
        String why = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        body.put("message", "the request could not be read (" + why + "); check the URL's encoding: a path or"
                + " query may not hold encoded control characters (%00) or an encoded '/' in a path segment");
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        try {
            return ByteBuffer.wrap(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return ByteBuffer.wrap(("{\"status\":" + status + "}").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
