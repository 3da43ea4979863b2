package io.minetwin.engine.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes configuration files for tests. */
final class ConfigFixtures {

    private ConfigFixtures() {
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small but complete truck type, to break one line at a time. */
    static final String TRUCK = """
            name: haul-truck
            description: test truck
            components:
              engine:
                channels:
                  coolant-temp:
                    unit: degC
                    normal: {min: 80, max: 95}
                    warning: {high: 102}
                    alarm: {high: 107}
                    physical: {min: -50, max: 150}
                  speed:
                    unit: rpm
              machine:
                channels:
                  state:
                    type: state
                    states: [running, idle, down, maintenance]
            """;
}
