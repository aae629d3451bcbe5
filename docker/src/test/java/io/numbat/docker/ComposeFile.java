package io.numbat.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A compose file read as plain YAML: its services with image, command, environment, published ports. */
record ComposeFile(JsonNode root) {

    /** One service; {@code command} is empty when the image's default runs. */
    record Service(
            String name,
            String image,
            List<String> command,
            Map<String, String> environment,
            List<Integer> publishedContainerPorts,
            List<String> dependsOn) {

        /** The image without its tag. */
        String repository() {
            int colon = image.lastIndexOf(':');
            return colon < 0 ? image : image.substring(0, colon);
        }

        String tag() {
            int colon = image.lastIndexOf(':');
            return colon < 0 ? "latest" : image.substring(colon + 1);
        }
    }

    static ComposeFile read(Path file) {
        return new ComposeFile(readYaml(file));
    }

    static JsonNode readYaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Map<String, Service> services() {
        Map<String, Service> out = new LinkedHashMap<>();
        root.path("services").fields().forEachRemaining(e -> out.put(e.getKey(), service(e.getKey(), e.getValue())));
        return out;
    }

    Service service(String name) {
        Service s = services().get(name);
        if (s == null) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return s;
    }

    private static Service service(String name, JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        node.path("environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<Integer> ports = new ArrayList<>();
        for (JsonNode p : node.path("ports")) { // "HOST:CONTAINER"
            String spec = p.asText();
            ports.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
        }
        return new Service(
                name,
                node.path("image").asText(),
                strings(node.path("command")),
                env,
                ports,
                strings(node.path("depends_on")));
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isMissingNode() && !array.isArray()) {
            throw new AssertionError("expected a list (exec form), got " + array);
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
