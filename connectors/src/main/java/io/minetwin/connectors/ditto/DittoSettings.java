package io.minetwin.connectors.ditto;

import io.minetwin.model.TwinId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How to mirror twins into one Eclipse Ditto: where, as whom, under which ids and policy, which twins and
 * components, and how fast.
 *
 * @param endpoint              the Ditto WebSocket, {@code ws://host:port} or {@code wss://host:port}; the
 *                              client adds {@code /ws/2}
 * @param auth                  how to log in
 * @param namespaces            minetwin namespace to Ditto namespace (a twin whose namespace is not listed
 *                              keeps it)
 * @param policyId              the policy things are created with; empty lets Ditto create a default policy
 *                              for the connecting subject
 * @param twins                 which twins to mirror, as globs over {@code namespace:name} ({@code *} any
 *                              run of characters); empty mirrors all
 * @param components            which components to mirror as features, as globs; empty mirrors all
 * @param maxUpdatesPerSecond   per thing: changes within {@code 1 / max} seconds go out as one command
 * @param maxInFlight           commands awaiting Ditto's response at once, over all things
 * @param requestTimeout        how long one command may wait for its response
 * @param minBackoff            the first retry delay after a failure (connection or thing), doubled per
 *                              failure up to {@code maxBackoff}
 * @param maxBackoff            the longest retry delay
 * @param watchDeletions        subscribe to Ditto's twin events ({@code START-SEND-EVENTS}) and re-create a
 *                              mirrored thing as soon as someone deletes it; off, it is re-created on its
 *                              next change
 */
public record DittoSettings(URI endpoint, Auth auth, Map<String, String> namespaces, Optional<String> policyId,
                            List<String> twins, List<String> components, double maxUpdatesPerSecond,
                            int maxInFlight, Duration requestTimeout, Duration minBackoff, Duration maxBackoff,
                            boolean watchDeletions) {

    public static final double DEFAULT_MAX_UPDATES_PER_SECOND = 2.0;
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z]\\w*(\\.[a-zA-Z]\\w*)*");

    /** How the connector logs in to Ditto. */
    public sealed interface Auth {
        /** Ditto's nginx/gateway basic auth (e.g. {@code ditto:ditto} in Ditto's docker compose). */
        record Basic(String user, String password) implements Auth {
            public Basic {
                Objects.requireNonNull(user, "user");
                Objects.requireNonNull(password, "password");
                if (user.isEmpty() || user.contains(":")) {
                    throw new IllegalArgumentException("basic auth user '" + user
                            + "' must be non-empty and without ':'");
                }
            }

            @Override
            public String toString() {
                return "Basic[user=" + user + ", password=***]";
            }
        }

        /**
         * An OAuth/OIDC bearer token (a JWT), read again whenever Ditto's session expires so that a rotated
         * token is picked up.
         */
        record Bearer(Supplier<String> token) implements Auth {
            public Bearer {
                Objects.requireNonNull(token, "token");
            }

            @Override
            public String toString() {
                return "Bearer[***]";
            }
        }
    }

    public DittoSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        namespaces = Map.copyOf(namespaces);
        twins = List.copyOf(twins);
        components = List.copyOf(components);
        String scheme = endpoint.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Ditto endpoint '" + endpoint
                    + "' must be ws://host:port or wss://host:port (the WebSocket of Ditto's gateway or nginx)");
        }
        namespaces.forEach((from, to) -> {
            if (!NAMESPACE.matcher(to).matches()) {
                throw new IllegalArgumentException("Ditto namespace '" + to + "' for '" + from
                        + "' is not valid: use dot-separated parts of letters, digits and '_' that start with a"
                        + " letter, e.g. 'com.example.baiyun'");
            }
        });
        if (!(maxUpdatesPerSecond > 0) || Double.isInfinite(maxUpdatesPerSecond)) {
            throw new IllegalArgumentException("max updates per second per thing " + maxUpdatesPerSecond
                    + " must be a positive number, e.g. 2");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in-flight commands " + maxInFlight + " must be at least 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout " + requestTimeout + " must be positive");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff " + minBackoff + ".." + maxBackoff
                    + " must be positive with the minimum not above the maximum");
        }
    }

    /** Settings with the defaults for everything but where and as whom. */
    public static DittoSettings of(URI endpoint, Auth auth) {
        return new DittoSettings(endpoint, auth, Map.of(), Optional.empty(), List.of(), List.of(),
                DEFAULT_MAX_UPDATES_PER_SECOND, DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF, false);
    }

    public DittoSettings withPolicyId(String policy) {
        return new DittoSettings(endpoint, auth, namespaces, Optional.of(policy), twins, components,
                maxUpdatesPerSecond, maxInFlight, requestTimeout, minBackoff, maxBackoff, watchDeletions);
    }

    public DittoSettings withMaxUpdatesPerSecond(double max) {
        return new DittoSettings(endpoint, auth, namespaces, policyId, twins, components, max, maxInFlight,
                requestTimeout, minBackoff, maxBackoff, watchDeletions);
    }

    public DittoSettings withBackoff(Duration min, Duration max) {
        return new DittoSettings(endpoint, auth, namespaces, policyId, twins, components, maxUpdatesPerSecond,
                maxInFlight, requestTimeout, min, max, watchDeletions);
    }

    public DittoSettings withFilters(List<String> twinGlobs, List<String> componentGlobs) {
        return new DittoSettings(endpoint, auth, namespaces, policyId, twinGlobs, componentGlobs,
                maxUpdatesPerSecond, maxInFlight, requestTimeout, minBackoff, maxBackoff, watchDeletions);
    }

    public DittoSettings withNamespaces(Map<String, String> mapping) {
        return new DittoSettings(endpoint, auth, mapping, policyId, twins, components, maxUpdatesPerSecond,
                maxInFlight, requestTimeout, minBackoff, maxBackoff, watchDeletions);
    }

    public DittoSettings withWatchDeletions(boolean watch) {
        return new DittoSettings(endpoint, auth, namespaces, policyId, twins, components, maxUpdatesPerSecond,
                maxInFlight, requestTimeout, minBackoff, maxBackoff, watch);
    }

    public DittoSettings withMaxInFlight(int max) {
        return new DittoSettings(endpoint, auth, namespaces, policyId, twins, components, maxUpdatesPerSecond,
                max, requestTimeout, minBackoff, maxBackoff, watchDeletions);
    }

    /** The Ditto namespace a twin's namespace maps to. */
    public String dittoNamespace(TwinId twin) {
        return namespaces.getOrDefault(twin.namespace(), twin.namespace());
    }
}
