package io.minetwin.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Point;
import io.minetwin.model.TimeText;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;

/** Reading query parameters and JSON bodies, refusing bad ones with 400 naming the field and the fix. */
final class Requests {

    static final int MAX_PAGE = 1000;

    private Requests() {
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw ApiException.badRequest(name, "'" + name + "' must be between " + min + " and " + max
                        + ", not " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "'" + name + "' must be a whole number, not '" + text + "'");
        }
    }

    static int limit(Context ctx) {
        return intParam(ctx, "limit", 100, 1, MAX_PAGE);
    }

    static int offset(Context ctx) {
        return intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    }

    /**
     * A time query parameter in epoch milliseconds, {@code dflt} when absent; a time outside the range
     * history stores (about 146 million years either side of 1970) is refused, never overflowed.
     */
    static long instant(Context ctx, String name, long dflt) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return dflt;
        }
        return instant(name, text).toEpochMilli();
    }

    /** An exclusive end time: {@link Instant#MAX} (no end) when absent or empty, else as {@link #instant}. */
    static Instant until(Context ctx, String name) {
        String text = ctx.queryParam(name);
        return text == null || text.isBlank() ? Instant.MAX : instant(name, text);
    }

    /** A time in the forms the CLI takes too ({@link TimeText}), within the range history keeps. */
    static Instant instant(String field, String text) {
        try {
            return TimeText.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "'" + field + "': " + e.getMessage());
        }
    }

    static boolean bool(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return false;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name, "'" + name + "' must be true or false, not '" + text + "'");
        };
    }

    /** Alert levels from a comma-separated list, e.g. {@code warning,critical}; empty for none given. */
    static Set<AlertLevel> levels(Context ctx, String name) {
        String text = ctx.queryParam(name);
        Set<AlertLevel> levels = EnumSet.noneOf(AlertLevel.class);
        if (text == null || text.isBlank()) {
            return levels;
        }
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw ApiException.badRequest(name, "'" + name + "' has an empty level in '" + text
                        + "'; give one or more, comma-separated, e.g. " + name + "=warning,critical");
            }
            try {
                levels.add(AlertLevel.parse(part));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name, "'" + name + "': " + e.getMessage()
                        + "; give one or more, comma-separated, e.g. " + name + "=warning,critical");
            }
        }
        return levels;
    }

    /**
     * The request body as a JSON object; an empty body is an empty object. The body is read as it streams in and
     * refused with 413 past {@link ApiServer#MAX_REQUEST_BYTES}, also when it comes chunked, without a length.
     */
    static ObjectNode body(Context ctx, ObjectMapper json) {
        String text = boundedBody(ctx, ApiServer.MAX_REQUEST_BYTES);
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "the body is not JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "); send a JSON object with Content-Type: application/json");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("body", "the body must be a JSON object, e.g. {\"comment\": \"...\"}");
        }
        return object;
    }

    static String boundedBody(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (java.io.InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body", "the body could not be read (" + e.getMessage() + "); send it again");
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "payload_too_large", "the request body is too large: more than " + (max / 1024)
                + " KiB, the most a request may carry; send less (e.g. maintenance records one at a time, or import a file with"
                + " 'minetwin import maintenance')", "body");
    }

    /** Refuses fields a body may not have, so a misspelt field is not silently ignored. */
    static void onlyFields(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "'" + name + "' is not a field of this request; the fields are "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    /** A text field: absent or null gives {@code null}; anything but a string is refused. */
    static String text(ObjectNode body, String field, boolean required, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiException.badRequest(field, "'" + field + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field, "'" + field + "' must be a string, not " + n.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        String v = n.asText().trim();
        if (required && v.isEmpty()) {
            throw ApiException.badRequest(field, "'" + field + "' must not be empty");
        }
        if (v.length() > maxLength) {
            throw ApiException.badRequest(field, "'" + field + "' is " + v.length() + " characters; at most "
                    + maxLength + " are kept, shorten it");
        }
        return v;
    }
}
