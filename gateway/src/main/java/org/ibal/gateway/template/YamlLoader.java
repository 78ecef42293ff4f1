package org.ibal.gateway.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template. The short-form intrinsics ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) become their long form ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}),
 * so one resolver handles both spellings.
 */
final class YamlLoader {
  private YamlLoader() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(10 * 1024 * 1024);
    Yaml yaml = new Yaml(new IntrinsicConstructor(options));
    try (Reader reader = Files.newBufferedReader(file)) {
      Object root = yaml.load(reader);
      if (!(root instanceof Map)) {
        throw new TemplateException(file + " is not a YAML mapping");
      }
      return (Map<String, Object>) root;
    }
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor(LoaderOptions options) {
      super(options);
      for (String name : new String[] {"Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals",
          "Not", "And", "Or", "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs", "Condition",
          "Transform"}) {
        yamlConstructors.put(new Tag("!" + name), new Intrinsic(name.equals("Condition") ? "Condition" : "Fn::" + name));
      }
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String key;

      Intrinsic(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          value = constructScalar(scalar);
          if (key.equals("Fn::GetAtt")) {
            // !GetAtt Resource.Attribute is the scalar spelling of [Resource, Attribute]
            String text = (String) value;
            int dot = text.indexOf('.');
            value = dot < 0 ? java.util.List.of(text) : java.util.List.of(text.substring(0, dot), text.substring(dot + 1));
          }
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        return Map.of(key, value);
      }
    }
  }
}
