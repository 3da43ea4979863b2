package io.minetwin.engine.faults;

import io.minetwin.engine.api.AccessTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine configuration of one fault case, written into the case's folder: the {@code fault-probe}
 * asset type and fleet of a {@link FaultLayout}, acknowledged durability with every tier kept, one OPC UA
 * endpoint ingesting the layout, and the API on a free port of 127.0.0.1 with viewer tokens for the suite.
 *
 * @param file   the configuration file
 * @param data   the engine's data directory
 * @param tokens the viewer tokens, the first for the suite's own calls
 */
record FaultConfig(Path file, Path data, List<String> tokens) {

    /** Server queue per item: values of one second at a 100 ms tick, as an installation would set it. */
    static final int QUEUE_SIZE = 10;

    /**
     * Writes the configuration in {@code dir}, the engine reading the equipment at {@code url}.
     *
     * @param data       the data directory (e.g. on a small filesystem)
     * @param tokenCount how many viewer tokens to declare (each holder may open a limited number of streams)
     */
    static FaultConfig write(Path dir, Path data, FaultLayout layout, String url, int tokenCount) throws IOException {
        Files.createDirectories(dir.resolve("asset-types"));
        var type = new StringBuilder("name: ").append(FaultLayout.TYPE).append('\n')
                .append("description: fault suite probe, one value per tick\n")
                .append("components:\n  ").append(FaultLayout.COMPONENT).append(":\n    channels:\n");
        for (int c = 0; c < layout.channels(); c++) {
            type.append("      ").append(FaultLayout.channelName(c)).append(": {unit: \"\", type: number}\n");
        }
        Files.writeString(dir.resolve("asset-types").resolve(FaultLayout.TYPE + ".yaml"), type);
        var fleet = new StringBuilder("namespace: ").append(FaultLayout.NAMESPACE).append('\n')
                .append("site: fault suite\ntwins:\n");
        for (int t = 0; t < layout.twins(); t++) {
            fleet.append("  ").append(FaultLayout.twinName(t)).append(": {type: ").append(FaultLayout.TYPE).append("}\n");
        }
        Files.writeString(dir.resolve("fleet.yaml"), fleet);
        var random = new SecureRandom();
        var tokens = new ArrayList<String>();
        var http = new StringBuilder("http:\n  bind: 127.0.0.1\n  port: 0\n  tokens:\n");
        for (int i = 0; i < Math.max(1, tokenCount); i++) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            tokens.add(token);
            http.append("    - {name: fault-suite-").append(i).append(", role: viewer, sha256: ")
                    .append(AccessTokens.hash(token)).append("}\n");
        }
        Path file = dir.resolve("minetwin.yaml");
        Files.writeString(file, "data-dir: " + data.toAbsolutePath() + "\n"
                + "asset-types: asset-types\n"
                + "fleet: fleet.yaml\n"
                + "history:\n"
                + "  retention: {raw: forever, 1m: forever, 1h: forever}\n"
                + "  durability: acknowledged\n"
                + "opcua:\n"
                + "  pki-dir: " + dir.resolve("pki").toAbsolutePath() + "\n"
                + "  endpoints:\n"
                + "    - name: equipment\n"
                + "      url: " + url + "\n"
                + "      security: None\n"
                + "      publishing-interval: 100ms\n"
                + "      keep-alive: 500ms\n"
                + "      sampling: {interval: " + layout.tickMs() + "ms, queue-size: " + QUEUE_SIZE + "}\n"
                + "      mappings:\n"
                + "        - pattern: Objects/" + FaultLayout.ROOT + "/{asset}/{component}/{channel}\n"
                + "          twin: \"" + FaultLayout.NAMESPACE + ":{asset}\"\n"
                + "          channel: \"{component}.{channel}\"\n"
                + http);
        return new FaultConfig(file, data, List.copyOf(tokens));
    }

    String token() {
        return tokens.get(0);
    }
}
