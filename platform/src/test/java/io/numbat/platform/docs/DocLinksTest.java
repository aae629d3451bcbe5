package io.numbat.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and image in README.md and docs/*.md points at a file that exists, and every
 * {@code #anchor} into a markdown file names one of its headings (GitHub's rule: lower-cased,
 * punctuation dropped, spaces to '-', a repeated heading gets -1, -2, ...). Links inside fenced code
 * blocks and inline code are not links and are ignored; absolute URLs are not checked.
 */
class DocLinksTest {
    private static final Pattern LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");

    @Test
    void everyRelativeLinkAndAnchorInTheReadmeAndDocsResolves() throws IOException {
        Path root = repoRoot();
        List<Path> files = markdownFiles(root);
        assertThat(files).contains(root.resolve("README.md"));
        assertThat(files.size()).as("README.md and the docs").isGreaterThan(5);

        List<String> broken = brokenLinks(root, files);

        assertThat(broken).as("broken links (file:line: target)").isEmpty();
    }

    @Test
    void theCheckerCatchesAMissingFileAMissingAnchorAndIgnoresCode(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(
                dir.resolve("README.md"),
                String.join(
                        "\n",
                        "# Numbat",
                        "## Console (server)",
                        "See [console](#console-server), [gone](#nothing), [a doc](docs/a.md#fail-safe-bad-input-and-faults),",
                        "[no doc](docs/missing.md), ![img](docs/a.md) and [web](https://example.com/x).",
                        "`[not a link](nowhere.md)`",
                        "```",
                        "[not a link either](nowhere.md)",
                        "```"));
        Files.writeString(
                dir.resolve("docs/a.md"),
                String.join(
                        "\n",
                        "# Fail-safe: bad input and faults",
                        "## Logs",
                        "## Logs",
                        "[back](../README.md#numbat), [twice](#logs-1), [wrong](../README.md#console)"));

        List<String> broken = brokenLinks(dir, markdownFiles(dir));

        assertThat(broken)
                .containsExactlyInAnyOrder(
                        "README.md:3: #nothing", "README.md:4: docs/missing.md", "docs/a.md:4: ../README.md#console");
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertThat(slug("Console (server)")).isEqualTo("console-server");
        assertThat(slug("Bad input and faults: no record, request or full disk stops a component"))
                .isEqualTo("bad-input-and-faults-no-record-request-or-full-disk-stops-a-component");
        assertThat(slug("Reading Numbat's topics without Numbat")).isEqualTo("reading-numbats-topics-without-numbat");
        assertThat(slug("The `numbat` command")).isEqualTo("the-numbat-command");
    }

    static List<String> brokenLinks(Path root, List<Path> files) {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = read(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.trim().startsWith("```") || line.trim().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) continue;
                Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll("x"));
                while (m.find()) {
                    String target = m.group(1);
                    if (SCHEME.matcher(target).find()) continue;
                    if (!resolves(file, target, anchors)) {
                        broken.add(root.relativize(file).toString().replace('\\', '/') + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        return broken;
    }

    private static boolean resolves(Path from, String target, Map<Path, Set<String>> anchors) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty()
                ? from
                : from.getParent()
                        .resolve(URLDecoder.decode(path, StandardCharsets.UTF_8))
                        .normalize();
        if (!Files.exists(resolved)) return false;
        if (anchor == null || anchor.isEmpty() || !resolved.toString().endsWith(".md")) return true;
        return anchors.computeIfAbsent(resolved, DocLinksTest::headings)
                .contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8));
    }

    /** The anchors GitHub gives a markdown file's headings. */
    static Set<String> headings(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : read(file)) {
            if (line.trim().startsWith("```") || line.trim().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) continue;
            String base = slug(m.group(2));
            int n = seen.merge(base, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? base : base + "-" + n);
        }
        return anchors;
    }

    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                .replaceAll("\\s", "-");
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** The repository's root: the nearest directory above the working directory that holds {@code .ci/}. */
    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci")) && Files.isRegularFile(dir.resolve("README.md"))) return dir;
        }
        throw new IllegalStateException(
                "no directory holding .ci/ above " + Path.of("").toAbsolutePath());
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
