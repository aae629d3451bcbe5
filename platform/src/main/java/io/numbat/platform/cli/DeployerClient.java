package io.numbat.platform.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.util.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The deployer's REST API for the command line: requests with the token, answers read as JSON, refusals as one line. */
final class DeployerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<DeployerToken> token;

    DeployerClient(String base, Optional<DeployerToken> token) {
        // the base URL, or the API URL that 'numbat deployer' prints (deployer=http://host:port/api)
        this.base = base.replaceAll("/+$", "").replaceAll("/api$", "");
        this.token = token;
    }

    /** A path segment (a family's name) as it goes into a URL. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> b.header("Authorization", t.authorization()));
        return b;
    }

    JsonNode send(HttpRequest.Builder builder, int expected) throws InterruptedException {
        HttpRequest request = builder.build();
        String at = request.uri().getScheme() + "://" + request.uri().getAuthority();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PlatformException("deployer at " + at + " is unreachable: " + e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new PlatformException(token.map(t -> "the deployer at " + at + " refused the token from " + t + " ("
                            + r.statusCode() + "): it must be the deployer's --token")
                    .orElse("the deployer at " + at + " needs a token (" + r.statusCode() + "): give its --token "
                            + "through --token-file, " + DeployerToken.ENV + " or --token"));
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
            throw new PlatformException("deployer refused (" + r.statusCode() + "): "
                    + Printable.escape(reason.length() > 500 ? reason.substring(0, 500) + "..." : reason));
        }
        if (body == null) {
            throw new PlatformException(
                    "deployer at " + at + " answered " + request.uri().getPath() + " with something other than JSON");
        }
        return body;
    }
}
