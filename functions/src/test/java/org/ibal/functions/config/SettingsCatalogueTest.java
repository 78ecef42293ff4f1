package org.ibal.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ibal.functions.support.Repository.map;

import java.io.IOException;
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
import org.ibal.config.CfnYaml;
import org.ibal.config.Place;
import org.ibal.config.Setting;
import org.ibal.config.Settings;
import org.ibal.config.SettingsDoc;
import org.ibal.functions.support.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The catalogue ({@link Setting}) against every file that sets settings by hand: template.yaml (parameters and the
 * functions' environment), infra/docker-compose.yml, infra/.env.example, the Tutor plugin's backend_config.py, and
 * docs/settings.md (generated: {@code IBAL_WRITE_SETTINGS_DOC=1} rewrites it). Each check goes both ways: a
 * setting the catalogue places in a file must be there, and a setting a file names must be catalogued there.
 */
class SettingsCatalogueTest {
    private static final Pattern ENV_EXAMPLE_LINE = Pattern.compile("(?m)^#?\\s*([A-Z][A-Z0-9_]+)=");
    private static final Pattern TUTOR_ENV_KEY = Pattern.compile("\"([A-Z][A-Z0-9_]+)\":");
    private static final Pattern TUTOR_SAM_KEY = Pattern.compile("\"([A-Z][a-z][A-Za-z]+)\":");

    private static Path repository;
    private static Map<String, Object> template;

    @BeforeAll
    static void readTemplate() throws IOException {
        repository = Repository.root();
        template = CfnYaml.load(repository.resolve("template.yaml"));
    }

    @Test
    void everySettingTheFunctionsRead_isSetByTemplateYaml_orSaysWhyNot() {
        Set<String> environment = functionEnvironment().keySet();
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            boolean inTemplate = environment.contains(setting.name());
            if (setting.appliesTo(Place.LAMBDA_ENV) && !inTemplate) {
                problems.add(setting + " is catalogued for the functions' environment but template.yaml lacks it");
            }
            if (!setting.appliesTo(Place.LAMBDA_ENV) && inTemplate) {
                problems.add(setting + " is in template.yaml's function environment but not catalogued there");
            }
            if (setting.appliesTo(Place.FUNCTIONS)
                    && !setting.appliesTo(Place.LAMBDA_ENV)
                    && !setting.appliesTo(Place.PLATFORM)
                    && setting.notOnAws() == null) {
                problems.add(setting + " is read by the functions but neither set by template.yaml nor said why not");
            }
        }
        for (String name : environment) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> s.name().equals(name))) {
                problems.add("template.yaml sets " + name + ", which the catalogue lacks");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTemplateParameter_isASettingsAwsParameter_andSetsIt() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        Map<String, Object> environment = functionEnvironment();
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String parameter = setting.awsParameter();
            if (parameter == null) {
                continue;
            }
            if (!parameters.containsKey(parameter)) {
                problems.add(setting + " names the parameter " + parameter + ", which template.yaml lacks");
            } else if (setting.appliesTo(Place.LAMBDA_ENV)
                    && !Map.of("Ref", parameter).equals(environment.get(setting.name()))) {
                problems.add(setting + " in template.yaml is not !Ref " + parameter);
            }
        }
        Set<String> catalogued =
                Arrays.stream(Setting.values()).map(Setting::awsParameter).collect(Collectors.toSet());
        for (String parameter : parameters.keySet()) {
            if (!catalogued.contains(parameter)) {
                problems.add("template.yaml's parameter " + parameter + " is no setting's AWS parameter");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theComposeFile_setsExactlyTheSettingsCataloguedForIt() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(repository.resolve("infra/docker-compose.yml")));
        Set<String> set = new TreeSet<>();
        for (Map.Entry<String, Object> service : map(compose.get("services")).entrySet()) {
            if (!service.getKey().equals("flowise")) { // Flowise's own settings, not IBAL's
                set.addAll(map(map(service.getValue()).getOrDefault("environment", Map.of()))
                        .keySet());
            }
        }
        assertThat(set).containsExactlyInAnyOrderElementsOf(names(Place.COMPOSE));
    }

    @Test
    void envExample_namesOnlySettingsTheComposeFilePasses() throws IOException {
        Set<String> named = matches(ENV_EXAMPLE_LINE, Files.readString(repository.resolve("infra/.env.example")));
        assertThat(named).isNotEmpty().isSubsetOf(names(Place.COMPOSE));
    }

    @Test
    void theTutorPlugin_printsExactlyTheSettingsCataloguedForIt() throws IOException {
        String source = Files.readString(repository.resolve("tutor-plugin/tutor_ibal/backend_config.py"));
        Set<String> tutor = names(Place.TUTOR);
        Set<String> environmentKeys = matches(TUTOR_ENV_KEY, source);
        Set<String> samKeys = matches(TUTOR_SAM_KEY, source);
        Set<String> cataloguedParameters = Arrays.stream(Setting.values())
                .filter(s -> s.appliesTo(Place.TUTOR))
                .map(Setting::awsParameter)
                .filter(p -> p != null)
                .collect(Collectors.toCollection(TreeSet::new));

        // the gateway's variables, and the secret's SSM twin that only the SAM output names
        Set<String> printed = new TreeSet<>(environmentKeys);
        printed.add("OPENEDX_CLIENT_SECRET_PARAMETER");
        assertThat(printed).containsExactlyInAnyOrderElementsOf(tutor);
        assertThat(samKeys).containsExactlyInAnyOrderElementsOf(cataloguedParameters);
    }

    @Test
    void docsSettingsMd_isGeneratedFromTheCatalogue_andListsEverySetting() throws IOException {
        Path doc = repository.resolve("docs/settings.md");
        String expected = SettingsDoc.markdown();
        if ("1".equals(System.getenv("IBAL_WRITE_SETTINGS_DOC"))) {
            Files.writeString(doc, expected);
        }
        String text = Files.readString(doc);
        for (Setting setting : Setting.values()) {
            assertThat(text).as("docs/settings.md lists " + setting).contains("| `" + setting.name() + "` |");
        }
        assertThat(text)
                .as("docs/settings.md is SettingsDoc's output: rerun with IBAL_WRITE_SETTINGS_DOC=1")
                .isEqualTo(expected);
    }

    @Test
    void everyDefault_passesItsOwnValidation() {
        Settings defaults = new Settings(name -> null);
        for (Setting setting : Setting.values()) {
            switch (setting.spec().type()) {
                case WHOLE -> defaults.whole(setting);
                case DECIMAL -> defaults.decimal(setting);
                case MILLIS, SECONDS, DURATION -> defaults.duration(setting);
                default -> defaults.text(setting);
            }
        }
    }

    private static Map<String, Object> functionEnvironment() {
        Map<String, Object> environment =
                new LinkedHashMap<>(variables(map(map(template.get("Globals")).get("Function"))));
        for (Object resource : map(template.get("Resources")).values()) {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                environment.putAll(variables(map(map(resource).get("Properties"))));
            }
        }
        return environment;
    }

    private static Map<String, Object> variables(Map<String, Object> function) {
        return map(map(function.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
    }

    private static Set<String> names(Place place) {
        return Arrays.stream(Setting.values())
                .filter(s -> s.appliesTo(place))
                .map(Setting::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
