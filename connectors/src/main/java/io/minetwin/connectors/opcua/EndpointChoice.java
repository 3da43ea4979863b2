package io.minetwin.connectors.opcua;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * How an {@link EndpointConfig} picks one of a server's endpoints, and how a failed connection is told to the person
 * who configured it: shared by the ingesting {@link OpcUaConnector} and the one-shot {@link ToolSession}.
 */
final class EndpointChoice {

    private EndpointChoice() {
    }

    /** Whether the endpoint offers the configured security policy and mode and the configured kind of login. */
    static boolean suitable(EndpointConfig config, EndpointDescription e) {
        String policy = config.security().policy() == Security.Policy.NONE ? SecurityPolicy.None.getUri()
                : SecurityPolicy.Basic256Sha256.getUri();
        MessageSecurityMode mode = switch (config.security().mode()) {
            case NONE -> MessageSecurityMode.None;
            case SIGN -> MessageSecurityMode.Sign;
            case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
        };
        if (!policy.equals(e.getSecurityPolicyUri()) || e.getSecurityMode() != mode) {
            return false;
        }
        UserTokenType wanted = config.identity() instanceof Identity.UserPassword ? UserTokenType.UserName
                : UserTokenType.Anonymous;
        UserTokenPolicy[] tokens = e.getUserIdentityTokens();
        if (tokens == null) {
            return false;
        }
        for (UserTokenPolicy t : tokens) {
            if (t.getTokenType() == wanted) {
                return true;
            }
        }
        return false;
    }

    /** The endpoints a server offers, one {@code Policy/Mode [token types]} each, sorted. */
    static String describe(List<EndpointDescription> endpoints) {
        var out = new TreeSet<String>();
        for (EndpointDescription e : endpoints) {
            String policy = e.getSecurityPolicyUri() == null ? "?" : e.getSecurityPolicyUri()
                    .substring(e.getSecurityPolicyUri().lastIndexOf('#') + 1);
            var tokens = new TreeSet<String>();
            if (e.getUserIdentityTokens() != null) {
                for (UserTokenPolicy t : e.getUserIdentityTokens()) {
                    tokens.add(t.getTokenType().toString());
                }
            }
            out.add(policy + "/" + e.getSecurityMode() + " " + tokens);
        }
        return String.join(", ", out);
    }

    /**
     * Why connecting failed, with the fix: a refused login names {@code loginFix} (where the user and password are
     * set), an untrusted certificate names the file to copy.
     */
    static String explain(EndpointConfig config, Throwable e, String loginFix) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConnectorException) {
            return t.getMessage();
        }
        // The certificate validator's message is actionable; find it in the cause chain.
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectorException) {
                return c.getMessage();
            }
            if (c.getMessage() != null && c.getMessage().contains("is not trusted")) {
                return c.getMessage().replaceFirst("^.*?(server certificate of endpoint)", "$1");
            }
        }
        String status = t instanceof UaException ua ? statusName(ua.getStatusCode().getValue()) : null;
        if (status != null && (status.equals("Bad_UserAccessDenied") || status.startsWith("Bad_IdentityToken"))) {
            return "server " + config.url() + " refused the login (" + status + "); " + loginFix;
        }
        if (status != null && status.equals("Bad_SecurityChecksFailed")) {
            return "server " + config.url() + " refused the connection (Bad_SecurityChecksFailed): it probably does not"
                    + " trust minetwin's certificate yet; copy " + config.pkiDir().resolve("own").resolve("client-cert.der")
                    + " into the server's trusted certificates";
        }
        return "cannot connect to " + config.url() + ": " + (status != null ? status + " " : "")
                + Optional.ofNullable(t.getMessage()).orElse(t.getClass().getSimpleName())
                + "; check that the server runs and the URL is right";
    }

    /** The status code's symbolic name, or its hex value when the code is unknown. */
    static String statusName(long code) {
        return StatusCodes.lookup(code).map(a -> a[0]).orElse(String.format("0x%08X", code));
    }
}
