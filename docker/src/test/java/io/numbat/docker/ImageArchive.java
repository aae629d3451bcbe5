package io.numbat.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An image tarball in Docker's archive format (what {@code docker load} reads: manifest.json, the config, one
 * gzipped tar per layer), unpacked into a root file system the way a container engine would, layer over
 * layer. Jib writes no whiteout files; unpacking refuses an image that has them rather than ignore them.
 */
record ImageArchive(Path rootfs, List<String> entrypoint, Map<String, String> environment, String user) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageArchive unpack(Path tar, Path workDir) throws IOException, InterruptedException {
        Path archive = Files.createDirectories(workDir.resolve("archive"));
        Path rootfs = Files.createDirectories(workDir.resolve("rootfs"));
        untar(archive, "-xf", tar.toString());
        JsonNode manifest =
                JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.path("Layers")) {
            untar(rootfs, "-xzf", archive.resolve(layer.asText()).toString());
        }
        try (Stream<Path> files = Files.walk(rootfs)) {
            List<Path> whiteouts = files.filter(p -> p.getFileName().toString().startsWith(".wh."))
                    .toList();
            if (!whiteouts.isEmpty()) {
                throw new IOException("whiteout files are not supported here: " + whiteouts);
            }
        }
        JsonNode config = JSON.readTree(
                        archive.resolve(manifest.path("Config").asText()).toFile())
                .path("config");
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode kv : config.path("Env")) {
            String[] parts = kv.asText().split("=", 2);
            env.put(parts[0], parts[1]);
        }
        return new ImageArchive(
                rootfs, List.copyOf(entrypoint), env, config.path("User").asText("0:0"));
    }

    private static void untar(Path into, String mode, String file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "--warning=no-unknown-keyword", mode, file, "-C", into.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tar " + mode + " " + file + " failed: " + out);
        }
    }
}
