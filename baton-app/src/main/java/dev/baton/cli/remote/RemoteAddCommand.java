package dev.baton.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.cli.ServerConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton remote add NAME URL}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a remote: an upstream yum/dnf repository (the directory that holds repodata/). Every package "
                + "must be signed by one of the --key files; without keys every package fails its check.",
                "Client certificate, key and an advisories directory are paths on the SERVER's machine."},
        footer = {"", ExitCodes.HELP})
public final class RemoteAddCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name (as a lock name is spelled).") String name;
    @Parameters(index = "1", paramLabel = "URL", description = "The repository's http(s) URL.") String url;
    @Option(names = "--key", paramLabel = "FILE", description = "An armored OpenPGP public key file (gpg --armor --export); repeatable.")
    List<Path> keys = new ArrayList<>();
    @Option(names = "--repo-gpgcheck", description = "Require repodata/repomd.xml.asc signed by one of the keys.") boolean repoGpgcheck;
    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM TLS client certificate (path on the server).") String clientCert;
    @Option(names = "--client-key", paramLabel = "FILE", description = "Its PEM private key, mode 600 (path on the server).") String clientKey;
    @Option(names = "--proxy", paramLabel = "URL", description = "An HTTP proxy: http://HOST:PORT.") String proxy;
    @Option(names = "--sync-every", paramLabel = "INTERVAL", description = "Sync by itself this often: 30m, 6h, 1d or ISO-8601 (PT6H); at least 1m.")
    String syncEvery;
    @Option(names = "--advisories", paramLabel = "DIR|URL", description = "Where this remote's Red Hat CSAF 2.0 "
            + "advisories are read at each sync: a directory of JSON files (path on the server), an http(s) base URL with "
            + "an index.txt of the documents' relative paths (Red Hat's layout), or the URL of one .json document.")
    String advisories;

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("url", url)
                .put("repo_gpgcheck", repoGpgcheck);
        if (!keys.isEmpty()) {
            body.put("keys", readKeys(keys));
        }
        putIfSet(body, "client_cert", clientCert);
        putIfSet(body, "client_key", clientKey);
        putIfSet(body, "proxy", proxy);
        putIfSet(body, "sync_interval", syncEvery == null ? null : interval(syncEvery).toString());
        putIfSet(body, "advisories", advisories);
        JsonNode remote = RemoteApi.add(connection.client(), body);
        PrintWriter out = spec.commandLine().getOut();
        if (connection.json()) {
            Output.json(out, remote);
        } else {
            out.println("added remote " + remote.path("name").asText() + " (" + remote.path("url").asText() + "); "
                    + "sync it with: baton remote sync " + remote.path("name").asText());
        }
        return ExitCodes.OK;
    }

    private static String readKeys(List<Path> files) {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            try {
                all.append(Files.readString(file, StandardCharsets.US_ASCII)).append('\n');
            } catch (IOException e) {
                throw new CliException("cannot read the key file " + file + ": " + e.getMessage());
            }
        }
        return all.toString();
    }

    /** "30m", "6h", "1d" or an ISO-8601 duration. */
    static Duration interval(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new CliException("--sync-every must be like 30m, 6h, 1d or PT6H, got '" + text + "'");
        }
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }
}
