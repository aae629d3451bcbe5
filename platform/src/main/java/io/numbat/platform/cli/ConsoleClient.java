package io.numbat.platform.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.util.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The console's REST API for the command line ({@code numbat silence}): its URL and access token, requests with the
 * token, answers read as JSON, refusals as one line naming the console's reason.
 */
final class ConsoleClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a command reaches the console: {@code --console URL} and its token. */
    static final class Options {
        @Option(
                names = "--console",
                paramLabel = "URL",
                required = true,
                defaultValue = "${env:NUMBAT_CONSOLE}",
                description = "The console's URL, as numbat console or numbat demo prints it (console=...; env "
                        + "NUMBAT_CONSOLE).")
        String console;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                defaultValue = "${env:NUMBAT_CONSOLE_TOKEN}",
                description = "The console's --token, sent as 'Authorization: Bearer TOKEN' (env NUMBAT_CONSOLE_TOKEN)."
                        + " Visible in ps: prefer the environment or --token-file.")
        String token;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                defaultValue = "${env:NUMBAT_CONSOLE_TOKEN_FILE}",
                description = "File whose first line is the console's --token (env NUMBAT_CONSOLE_TOKEN_FILE).")
        Path tokenFile;

        ConsoleClient client() {
            if (console == null || console.isBlank()) {
                throw new IllegalArgumentException("--console URL is required (or env NUMBAT_CONSOLE)");
            }
            return new ConsoleClient(
                    console,
                    SecretOption.resolve(token, tokenFile, "--token (or NUMBAT_CONSOLE_TOKEN)", "--token-file"));
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token;

    ConsoleClient(String base, Optional<String> token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    HttpRequest.Builder post(String path, JsonNode body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** Sends, and answers the JSON body when the status is {@code expected}; anything else is one error line. */
    JsonNode send(HttpRequest.Builder builder, int expected) throws InterruptedException {
        HttpRequest request = builder.build();
        String at = request.uri().getScheme() + "://" + request.uri().getAuthority();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PlatformException("console at " + at + " is unreachable: " + e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (r.statusCode() != expected) {
            String reason = body != null && body.path("error").isTextual()
                    ? body.path("error").textValue()
                    : r.body();
            if (r.statusCode() == 401) {
                reason = reason
                        + (token.isPresent()
                                ? ": it must be the console's --token"
                                : ": give the console's "
                                        + "--token through --token-file, NUMBAT_CONSOLE_TOKEN or --token");
            }
            throw new PlatformException("console refused (" + r.statusCode() + "): "
                    + Printable.escape(reason.length() > 800 ? reason.substring(0, 800) + "..." : reason));
        }
        if (body == null) {
            throw new PlatformException(
                    "console at " + at + " answered " + request.uri().getPath() + " with something other than JSON");
        }
        return body;
    }

    static ObjectMapper json() {
        return JSON;
    }
}
