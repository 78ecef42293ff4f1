package org.ibal.functions.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ibal.functions.support.Repository.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ibal.config.CfnYaml;
import org.ibal.config.Setting;
import org.ibal.functions.support.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the docs honest where they make checkable claims. The docs are README.md, docs/*.md and every module's
 * README.md; what they name in code (a backticked span or a fenced block) must exist: every setting they tabulate is
 * in the catalogue ({@link Setting}), every UPPER_SNAKE name is read or set somewhere in the code, every
 * {@code METHOD /api/...} route is in template.yaml, every {@code make} target is in the Makefile, every
 * {@code npm run} script in a package.json, every {@code scripts/} command a file, every {@code -Dtest=} class a
 * test. And the reverse: every template route is in docs/protocol.md (every setting in docs/settings.md:
 * {@code SettingsCatalogueTest}).
 */
class DocsHonestyTest {
    private static final Set<String> SKIPPED_DIRS = Set.of(
            ".git",
            "node_modules",
            "target",
            "dist",
            ".ibal",
            "test-results",
            "__pycache__",
            ".pytest_cache",
            ".ruff_cache",
            ".mypy_cache",
            ".aws-sam",
            "results");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern FENCED = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```");
    private static final Pattern UPPER_SNAKE =
            Pattern.compile("(?<![\\w$<{*-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\\w<*{])");
    private static final Pattern SETTING_ROW =
            Pattern.compile("(?m)^\\|\\s*`([A-Z][A-Z0-9_]+)`(?:\\s*/\\s*`([A-Z][A-Z0-9_]+)`)?\\s*\\|");
    /** IBAL's routes; {@code /api/v1/} is Flowise's API, which the model adapter docs quote. */
    private static final Pattern ROUTE = Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE) (/api/(?!v1/)[^\\s`?|),]*)");

    private static final Pattern MAKE = Pattern.compile("(?<![\\w-])make ([a-z][a-z0-9-]*)");
    private static final Pattern MAKE_TARGET = Pattern.compile("(?m)^([a-z][a-z0-9 -]*?)\\s*&?:(?!=)");
    private static final Pattern NPM_RUN = Pattern.compile("npm run ([a-z][a-z0-9:-]*)");
    private static final Pattern SCRIPT = Pattern.compile("(?<![\\w/.-])((?:scripts|test-support/bin)/[\\w.-]+)");
    private static final Pattern TEST_CLASSES = Pattern.compile("-Dtest=['\"]?([\\w*,]+)");
    /**
     * Names the docs quote from other products, which IBAL's code need not contain: LocalStack's own settings.
     */
    private static final Set<String> OTHER_PRODUCTS = Set.of("ENFORCE_IAM", "PROVIDER_OVERRIDE_CLOUDFORMATION");

    private static Path repository;
    private static Map<Path, String> docs;
    private static String code;

    @BeforeAll
    static void read() throws IOException {
        repository = Repository.root();
        docs = new LinkedHashMap<>();
        StringBuilder sources = new StringBuilder();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            boolean isDoc = name.equals("README.md")
                    || file.getParent().equals(repository.resolve("docs")) && name.endsWith(".md");
            if (isDoc) {
                docs.put(repository.relativize(file), Files.readString(file));
            } else if (!name.endsWith(".md") && Files.size(file) < 1_000_000) {
                try {
                    sources.append(Files.readString(file)).append('\n');
                } catch (MalformedInputException binary) {
                    // images, jars: no names in them
                }
            }
        }
        code = sources.toString();
        assertThat(docs).containsKeys(Path.of("README.md"), Path.of("docs/protocol.md"), Path.of("gateway/README.md"));
    }

    @Test
    void everySettingTheDocsTabulate_isInTheCatalogue() {
        Set<String> catalogue =
                Arrays.stream(Setting.values()).map(Setting::name).collect(Collectors.toSet());
        String tutorPlugin = read("tutor-plugin/tutor_ibal/plugin.py");
        List<String> problems = new ArrayList<>();
        docs.forEach((doc, text) -> {
            if (doc.startsWith("events")) {
                return; // its tables name placeholders in the sample events, not settings
            }
            Matcher row = SETTING_ROW.matcher(text);
            while (row.find()) {
                for (String name : new String[] {row.group(1), row.group(2)}) {
                    boolean known = doc.startsWith("tutor-plugin")
                            ? tutorPlugin.contains("\"" + name + "\"")
                            : catalogue.contains(name);
                    if (name != null && !known) {
                        problems.add(doc + " tabulates " + name + ", which "
                                + (doc.startsWith("tutor-plugin")
                                        ? "tutor_ibal/plugin.py does not define"
                                        : "the settings catalogue lacks"));
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyUpperSnakeNameTheDocsQuote_isInTheCode() {
        List<String> problems = new ArrayList<>();
        docs.forEach((doc, text) -> {
            Set<String> missing = new TreeSet<>();
            for (String span : codeIn(text)) {
                Matcher name = UPPER_SNAKE.matcher(span);
                while (name.find()) {
                    if (!code.contains(name.group(1)) && !OTHER_PRODUCTS.contains(name.group(1))) {
                        missing.add(name.group(1));
                    }
                }
            }
            missing.forEach(name -> problems.add(doc + " names " + name + ", which no code reads or sets"));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRouteTheDocsName_isInTemplateYaml_andEveryTemplateRoute_isInTheProtocol() throws IOException {
        Map<String, Object> template = CfnYaml.load(repository.resolve("template.yaml"));
        Set<String> httpRoutes = new TreeSet<>();
        Set<String> webSocketRoutes = new TreeSet<>();
        for (Object value : map(template.get("Resources")).values()) {
            Map<String, Object> resource = map(value);
            Map<String, Object> properties = map(resource.get("Properties"));
            if ("AWS::ApiGatewayV2::Route".equals(resource.get("Type"))) {
                webSocketRoutes.add(String.valueOf(properties.get("RouteKey")));
            }
            for (Object event : map(properties.get("Events")).values()) {
                Map<String, Object> eventProperties = map(map(event).get("Properties"));
                if ("HttpApi".equals(map(event).get("Type"))) {
                    httpRoutes.add(eventProperties.get("Method") + " " + eventProperties.get("Path"));
                }
            }
        }
        assertThat(httpRoutes).isNotEmpty();
        assertThat(webSocketRoutes).contains("$connect", "sendMessage");

        List<String> problems = new ArrayList<>();
        docs.forEach((doc, text) -> {
            Matcher route = ROUTE.matcher(text);
            while (route.find()) {
                String named = route.group(1) + " " + route.group(2).replaceAll("[.:;]+$", "");
                if (!httpRoutes.contains(named)) {
                    problems.add(doc + " names " + named + ", which template.yaml does not route");
                }
            }
        });
        String protocol = docs.get(Path.of("docs/protocol.md"));
        for (String route : httpRoutes) {
            if (!protocol.contains(route)) {
                problems.add("template.yaml routes " + route + ", which docs/protocol.md does not describe");
            }
        }
        for (String route : webSocketRoutes) {
            if (!protocol.contains("`" + route + "`")) {
                problems.add("template.yaml has the WebSocket route " + route + ", which docs/protocol.md does not"
                        + " describe");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMakeTargetNpmScriptScriptAndTestClassTheDocsName_exists() throws IOException {
        Set<String> targets = new TreeSet<>();
        try (Stream<Path> makefiles = Stream.concat(
                Stream.of(repository.resolve("Makefile")),
                Files.list(repository.resolve("mk")).filter(p -> p.toString().endsWith(".mk")))) {
            for (Path makefile : makefiles.toList()) {
                Matcher rule = MAKE_TARGET.matcher(Files.readString(makefile));
                while (rule.find()) {
                    targets.addAll(Arrays.asList(rule.group(1).trim().split("\\s+")));
                }
            }
        }
        Set<String> npmScripts = new TreeSet<>();
        for (String module : List.of("frontend", "abuse", "xblock", "localstack")) {
            Path manifest = repository.resolve(module).resolve("package.json");
            if (Files.exists(manifest)) {
                Matcher scripts =
                        Pattern.compile("\"scripts\"\\s*:\\s*\\{([^}]*)}").matcher(Files.readString(manifest));
                if (scripts.find()) {
                    Matcher key = Pattern.compile("\"([^\"]+)\"\\s*:").matcher(scripts.group(1));
                    while (key.find()) {
                        npmScripts.add(key.group(1));
                    }
                }
            }
        }
        assertThat(targets).contains("test", "run", "test-java");

        List<String> problems = new ArrayList<>();
        docs.forEach((doc, text) -> {
            for (String span : codeIn(text)) {
                each(
                        MAKE,
                        span,
                        target -> !targets.contains(target),
                        target -> problems.add(doc + " names make " + target + ", which no Makefile defines"));
                each(
                        NPM_RUN,
                        span,
                        script -> !npmScripts.contains(script),
                        script -> problems.add(doc + " names npm run " + script + ", which no package.json defines"));
                each(
                        SCRIPT,
                        span,
                        script -> !Files.exists(repository.resolve(script)),
                        script -> problems.add(doc + " names " + script + ", which does not exist"));
                each(
                        TEST_CLASSES,
                        span,
                        classes -> !testsExist(classes),
                        classes -> problems.add(doc + " names -Dtest=" + classes + ", and not every class exists"));
            }
        });
        assertThat(problems).isEmpty();
    }

    private static boolean testsExist(String classes) {
        return Arrays.stream(classes.split(",")).filter(name -> !name.isBlank()).allMatch(name -> {
            Pattern pattern = Pattern.compile("class " + name.replace("*", "\\w*") + "\\b");
            return pattern.matcher(code).find();
        });
    }

    private static void each(
            Pattern pattern,
            String text,
            java.util.function.Predicate<String> wrong,
            java.util.function.Consumer<String> report) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (wrong.test(matcher.group(1))) {
                report.accept(matcher.group(1));
            }
        }
    }

    /** The code a doc quotes: its backticked spans and fenced blocks. */
    private static List<String> codeIn(String markdown) {
        List<String> spans = new ArrayList<>();
        Matcher fenced = FENCED.matcher(markdown);
        while (fenced.find()) {
            spans.add(fenced.group(1));
        }
        Matcher span = CODE_SPAN.matcher(FENCED.matcher(markdown).replaceAll(""));
        while (span.find()) {
            spans.add(span.group(1));
        }
        return spans;
    }

    private static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repository)) {
            walk.filter(path -> repository.relativize(path).toString().isEmpty()
                            || Stream.iterate(repository.relativize(path), p -> p != null, Path::getParent)
                                    .noneMatch(p -> SKIPPED_DIRS.contains(
                                                    p.getFileName().toString())
                                            || p.getFileName().toString().startsWith(".venv")))
                    .filter(Files::isRegularFile)
                    .forEach(files::add);
        }
        return files;
    }

    private static String read(String path) {
        try {
            return Files.readString(repository.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
