package org.ibal.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** docs/settings.md, generated from the catalogue: {@code SettingsCatalogueTest} checks the file is this text. */
public final class SettingsDoc {
    private SettingsDoc() {}

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Settings\n\n")
                .append("Every IBAL setting, generated from the catalogue `config/src/main/java/org/ibal/config/")
                .append("Setting.java` (do not edit by hand: change the catalogue, then run\n")
                .append("`IBAL_WRITE_SETTINGS_DOC=1 ./mvnw -pl functions -am test -Dtest=SettingsCatalogueTest")
                .append(" -Dsurefire.failIfNoSpecifiedTests=false`).\n")
                .append("Each is an environment variable; on AWS, the template.yaml parameter in the second column")
                .append(" sets it.\n\n")
                .append("Where: functions (read by the Lambdas), lambda-env (in template.yaml's function")
                .append(" environment), gateway (read by `gateway/`), stack (a template parameter only), caddy,")
                .append(" compose (`infra/docker-compose.yml`), tutor (`tutor ibal backend-config`), platform (set")
                .append(" by Lambda). The gateway also takes `IBAL_TABLE_NAME_<LogicalId>` to rename a template")
                .append(" table, and any template parameter by its UPPER_SNAKE name.\n\n")
                .append("| setting | AWS parameter | type | default | where | what |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Setting setting : Setting.values()) {
            Spec spec = setting.spec();
            out.append("| `")
                    .append(setting.name())
                    .append("` | ")
                    .append(setting.awsParameter() == null ? "" : "`" + setting.awsParameter() + "`")
                    .append(" | ")
                    .append(spec.rule())
                    .append(" | ")
                    .append(spec.fallback() == null ? "" : "`" + spec.fallback() + "`")
                    .append(" | ")
                    .append(Arrays.stream(Place.values())
                            .filter(setting::appliesTo)
                            .map(place -> place.name().toLowerCase().replace('_', '-'))
                            .collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(setting.doc().replace("|", "\\|"))
                    .append(setting.notOnAws() == null ? "" : " Not on AWS: " + setting.notOnAws() + ".")
                    .append(" |\n");
        }
        return out.toString();
    }
}
