package io.minetwin.engine.scada;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.minetwin.connectors.opcua.server.PasswordHash;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's OPC UA server for SCADA systems: a {@code scada} user with a new password on every start
 * (written to {@code demo-scada.json} beside the API tokens), the secure endpoint, and an anonymous
 * read-only endpoint with security None so that any OPC UA client connects at once.
 *
 * @param port     the server's port
 * @param user     the generated user's name
 * @param password the generated password (never written to the configuration, only its hash)
 */
public record DemoScada(int port, String user, String password) {

    public static final String USER = "scada";
    public static final String CREDENTIALS = "demo-scada.json";

    /** A new password for the demo's {@code scada} user. */
    public static DemoScada generate(int port, SecureRandom random) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return new DemoScada(port, USER, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    public String url() {
        return "opc.tcp://127.0.0.1:" + port + ScadaServerSettings.DEFAULT_PATH;
    }

    /** The {@code scada} section of the demo's configuration, with the password's hash. */
    public String configSection(Path dir, SecureRandom random) {
        return """
                scada:
                  bind: 127.0.0.1
                  port: %d
                  pki-dir: '%s'
                  allow-anonymous-none: true
                  users:
                    - name: %s
                      role: scada
                      password-hash: '%s'
                """.formatted(port, dir.resolve("scada-pki").toString().replace("'", "''"), user,
                PasswordHash.hash(password, random));
    }

    /** Writes the endpoint and login to {@code dir/demo-scada.json}, readable only by the owner where possible. */
    public Path writeCredentials(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", url());
        m.put("security", "Basic256Sha256/SignAndEncrypt");
        m.put("user", user);
        m.put("password", password);
        m.put("anonymousEndpoint", Map.of("endpoint", url(), "security", "None", "access", "read-only"));
        m.put("trustClientCertificatesIn", dir.resolve("scada-pki").resolve("trusted").resolve("certs").toString());
        Path file = dir.resolve(CREDENTIALS);
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the file keeps its default permissions
        }
        return file;
    }

    /** What the demo prints on start. */
    public List<String> describe(Path credentials) {
        return List.of(
                "OPC UA server for SCADA systems at " + url() + ":",
                "  Basic256Sha256/SignAndEncrypt: user '" + user + "', password " + password + " (also in " + credentials
                        + "); trust your client's certificate by copying it to the server's trusted/certs folder",
                "  None: anonymous, read-only, for a first look with any OPC UA client",
                "  browse Objects/minetwin/<site>/<asset>/<component>/<channel> and <component>/Health/FailureProbability7d");
    }
}
