package io.minetwin.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Engine configurations for tests of {@code run}: the shipped demo fleet, ingesting from one OPC UA server. */
final class RunConfig {

    private RunConfig() {
    }

    /**
     * Writes {@code dir/minetwin.yaml}: data in {@code dir/data}, the repository's asset types and demo fleet,
     * one endpoint {@code sim} at {@code serverUrl} sampled every 100 ms with {@code Objects/site/asset/...}
     * mapped to twins, then {@code extra} (further sections, or empty).
     */
    static Path write(Path dir, String serverUrl, String extra) throws IOException {
        Path configDir = Path.of("..", "config").toAbsolutePath().normalize();
        Path config = dir.resolve("minetwin.yaml");
        Files.writeString(config, "data-dir: data\n"
                + "asset-types: " + configDir.resolve("asset-types") + "\n"
                + "fleet: " + configDir.resolve("fleets/demo.yaml") + "\n"
                + "opcua:\n"
                + "  endpoints:\n"
                + "    - name: sim\n"
                + "      url: " + serverUrl + "\n"
                + "      security: None\n"
                + "      publishing-interval: 100ms\n"
                + "      sampling: {interval: 100ms, queue-size: 4}\n"
                + "      mappings:\n"
                + "        - pattern: Objects/{site}/{asset}/{component}/{channel}\n"
                + "          twin: \"{site}:{asset}\"\n"
                + extra);
        return config;
    }
}
