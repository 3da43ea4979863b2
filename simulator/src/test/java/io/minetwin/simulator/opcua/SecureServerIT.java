package io.minetwin.simulator.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as {@code simulate serve --secure --user operator:s3cret} runs it: Basic256Sha256
 * SignAndEncrypt only, user name and password only.
 */
class SecureServerIT {

    static final String USER = "operator";
    static final String PASSWORD = "s3cret";

    static SimulationServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(new ServerSettings("127.0.0.1", TestServers.freePort(), true,
                Map.of(USER, PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The Basic256Sha256 SignAndEncrypt endpoint, as offered. */
    static Optional<EndpointDescription> signAndEncrypt(List<EndpointDescription> endpoints) {
        return endpoints.stream()
                .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.Basic256Sha256.getUri())
                        && e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
                .findFirst();
    }

    private static StatusCode refusal(Function<List<EndpointDescription>, Optional<EndpointDescription>> choose,
                                      IdentityProvider identity) throws Exception {
        UaException e = assertThrows(UaException.class, () -> {
            OpcUaClient client = TestServers.client(server.endpointUrl(), choose, identity, new ArrayList<>());
            try {
                client.connect();
            } finally {
                client.disconnectAsync();
            }
        }, "the client got in");
        return e.getStatusCode();
    }

    @Test
    void rightPasswordOverSignAndEncryptConnectsAndReads() throws Exception {
        var offered = new ArrayList<EndpointDescription>();
        OpcUaClient client = TestServers.client(server.endpointUrl(), SecureServerIT::signAndEncrypt,
                new UsernameProvider(USER, PASSWORD), offered);
        client.connect();
        try {
            DataValue v = client.readValues(0, TimestampsToReturn.Both,
                    List.of(TestServers.browsePath(client, SimulationServerIT.WINDING))).get(0);
            assertTrue(v.getStatusCode().isGood() && v.getValue().getValue() instanceof Double, v.toString());
        } finally {
            client.disconnect();
        }
        assertTrue(!offered.isEmpty());
        for (EndpointDescription e : offered) {
            assertEquals(SecurityPolicy.Basic256Sha256.getUri(), e.getSecurityPolicyUri(), "only Basic256Sha256: " + e);
            assertEquals(MessageSecurityMode.SignAndEncrypt, e.getSecurityMode(), "only SignAndEncrypt: " + e);
            assertEquals(List.of(UserTokenType.UserName), Arrays.stream(e.getUserIdentityTokens())
                    .map(UserTokenPolicy::getTokenType).distinct().toList(), "user name logins only: " + e);
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        StatusCode status = refusal(SecureServerIT::signAndEncrypt, new UsernameProvider(USER, "s3cret!"));
        assertEquals(StatusCodes.Bad_UserAccessDenied, status.getValue(), status.toString());
        StatusCode unknownUser = refusal(SecureServerIT::signAndEncrypt, new UsernameProvider("guest", PASSWORD));
        assertEquals(StatusCodes.Bad_UserAccessDenied, unknownUser.getValue(), unknownUser.toString());
    }

    @Test
    void anonymousIsRefusedEvenWhenTheClientOffersAnAnonymousToken() throws Exception {
        // The server advertises no anonymous policy, so a well-behaved client gives up on its own...
        StatusCode local = refusal(SecureServerIT::signAndEncrypt, new AnonymousProvider());
        assertTrue(local.isBad(), local.toString());
        // ...and one that sends an anonymous token anyway is turned away by the server.
        StatusCode remote = refusal(endpoints -> signAndEncrypt(endpoints).map(e -> {
            var tokens = new ArrayList<>(Arrays.asList(e.getUserIdentityTokens()));
            tokens.add(new UserTokenPolicy("anonymous", UserTokenType.Anonymous, null, null, null));
            return new EndpointDescription(e.getEndpointUrl(), e.getServer(), e.getServerCertificate(),
                    e.getSecurityMode(), e.getSecurityPolicyUri(), tokens.toArray(UserTokenPolicy[]::new),
                    e.getTransportProfileUri(), e.getSecurityLevel());
        }), new AnonymousProvider());
        assertEquals(StatusCodes.Bad_IdentityTokenInvalid, remote.getValue(), remote.toString());
    }

    @Test
    void sessionWithoutSecurityIsRefusedEvenWithTheRightPassword() throws Exception {
        // Only discovery (GetEndpoints) works without security; a client that forges a None endpoint
        // from the offered one cannot open a session over it.
        StatusCode status = refusal(endpoints -> signAndEncrypt(endpoints).map(e -> new EndpointDescription(
                e.getEndpointUrl(), e.getServer(), e.getServerCertificate(), MessageSecurityMode.None,
                SecurityPolicy.None.getUri(), e.getUserIdentityTokens(), e.getTransportProfileUri(),
                e.getSecurityLevel())), new UsernameProvider(USER, PASSWORD));
        assertEquals(StatusCodes.Bad_SecurityPolicyRejected, status.getValue(), status.toString());
    }
}
