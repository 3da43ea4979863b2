package io.minetwin.engine.analytics;

import io.minetwin.analytics.forecast.Backtest;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the simulator's {@code ground-truth.csv} ({@code time,twin,component,mode,cause,predictable,...}):
 * every failure, and whether a precursor announced it.
 */
public final class GroundTruth {

    private GroundTruth() {
    }

    /**
     * @throws IllegalArgumentException naming the line and the fix for a malformed file
     */
    public static List<Backtest.Truth> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("time,twin,component,mode,cause,predictable")) {
            throw new IllegalArgumentException(file + ":1: expected the header time,twin,component,mode,cause,"
                    + "predictable,... as the simulator writes it");
        }
        List<Backtest.Truth> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length < 6) {
                    throw new IllegalArgumentException("expected at least 6 fields, found " + f.length);
                }
                out.add(new Backtest.Truth(TwinId.parse(f[1].trim()), f[2].trim(), Instant.parse(f[0].trim()),
                        f[3].trim(), Boolean.parseBoolean(f[5].trim())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
