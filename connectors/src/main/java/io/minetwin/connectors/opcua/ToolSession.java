package io.minetwin.connectors.opcua;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.SeriesKey;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * One client session for the tools that look at a server before the engine runs against it
 * ({@code minetwin discover} and {@code minetwin check}): connects with an endpoint's security and
 * login, as the engine's connector would, and reads the server's operation limits, which every request
 * of {@link #scan} and {@link #check} is cut to.
 */
public final class ToolSession implements AutoCloseable {

    private final EndpointConfig config;
    private final OpcUaClient client;
    private final OperationLimits limits;

    private ToolSession(EndpointConfig config, OpcUaClient client, OperationLimits limits) {
        this.config = config;
        this.client = client;
        this.limits = limits;
    }

    /**
     * Connects to {@code config}'s server (its mappings are not used here).
     *
     * @throws ConnectorException saying why the connection failed and what to change
     */
    public static ToolSession connect(EndpointConfig config) {
        Pki pki = Pki.open(config.pkiDir());
        OpcUaClient c;
        try {
            URI uri = URI.create(config.url());
            c = OpcUaClient.create(config.url(), endpoints -> {
                Optional<EndpointDescription> chosen = endpoints.stream()
                        .filter(e -> EndpointChoice.suitable(config, e)).findFirst()
                        .map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort()));
                if (chosen.isEmpty()) {
                    throw new ConnectorException("server " + config.url() + " offers no endpoint with security "
                            + config.security() + " and " + (config.identity() instanceof Identity.UserPassword
                            ? "user name" : "anonymous") + " login; it offers: " + EndpointChoice.describe(endpoints)
                            + "; choose one of them with --security (and --user for a user name login)");
                }
                return chosen;
            }, transport -> transport.setConnectTimeout(uint(5_000)), b -> b
                    .setApplicationName(LocalizedText.english("minetwin engine"))
                    .setApplicationUri(Pki.APPLICATION_URI)
                    .setProductUri("urn:minetwin")
                    .setKeyPair(pki.keyPair())
                    .setCertificate(pki.certificate())
                    .setCertificateChain(new java.security.cert.X509Certificate[] {pki.certificate()})
                    .setCertificateValidator(pki.serverValidator(config.name()))
                    .setIdentityProvider(config.identity() instanceof Identity.UserPassword up
                            ? new UsernameProvider(up.user(), up.password()) : new AnonymousProvider())
                    .setRequestTimeout(uint(config.requestTimeout().toMillis())));
            c.connect();
        } catch (Exception e) {
            throw new ConnectorException(EndpointChoice.explain(config, e, "check --user and the password"), e);
        }
        return new ToolSession(config, c, OperationLimits.read(c, config.name()));
    }

    /** The connected client, for requests the tools make themselves. */
    public OpcUaClient client() {
        return client;
    }

    /** How many nodes the server takes in one Browse (and BrowseNext), Read or TranslateBrowsePaths. */
    public int maxNodesPerBrowse() {
        return limits.browse();
    }

    public int maxNodesPerRead() {
        return limits.read();
    }

    /**
     * Browses everything below the Objects folder: see {@link AddressSpaceScan}.
     *
     * @param maxReferencesPerNode references the server returns per node before a continuation point
     * @param maxNodes             stop after this many nodes (a guard against endless address spaces)
     */
    public AddressSpaceScan.Result scan(int maxReferencesPerNode, int maxNodes) throws UaException {
        return new AddressSpaceScan(client, limits, maxReferencesPerNode, maxNodes).run();
    }

    /**
     * Resolves {@code mappings} exactly as the engine's connector does, then checks each mapped node
     * against its channel: see {@link MappingCheck}.
     */
    public MappingCheck.Result check(List<MappingRule> mappings, Function<SeriesKey, Optional<ChannelSpec>> channels)
            throws UaException {
        ChannelCatalog catalog = key -> channels.apply(key).map(ChannelSpec::unit);
        MappingResolver.Result resolved = new MappingResolver(client, limits, mappings, catalog).resolve();
        return new MappingCheck(client, limits).check(resolved, channels);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (UaException | RuntimeException ignored) {
            // the tool is done with the server either way
        }
    }
}
