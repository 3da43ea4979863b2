package io.minetwin.engine.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest, so it is the one Maven built. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"minetwin " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version()};
    }
}
