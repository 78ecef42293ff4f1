package org.ibal.functions.template;

import static org.ibal.functions.template.Template.EXECUTE_API_PREFIX;
import static org.ibal.functions.template.Template.isGetAtt;
import static org.ibal.functions.template.Template.map;
import static org.ibal.functions.template.Template.statements;
import static org.ibal.functions.template.Template.strings;
import static org.ibal.functions.template.Template.subText;
import static org.ibal.functions.template.Template.unwrapIfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least privilege and the frontend's hosting: no wildcard resources for the table, the sockets, the
 * secrets; a private bucket read only by its distribution, behind a strict CSP.
 */
final class SecurityChecks {
    private final Template template;

    SecurityChecks(Template template) {
        this.template = template;
    }

    List<String> frontendProblems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> bucket = template.properties("FrontendBucket");
        Map<String, Object> block = map(bucket.get("PublicAccessBlockConfiguration"));
        for (String setting :
                List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            if (!Boolean.TRUE.equals(block.get(setting))) {
                problems.add("FrontendBucket: " + setting + " must be true");
            }
        }
        if (!String.valueOf(bucket.get("OwnershipControls")).contains("BucketOwnerEnforced")) {
            problems.add("FrontendBucket: ObjectOwnership must be BucketOwnerEnforced (no ACLs)");
        }
        if (!bucket.containsKey("BucketEncryption")) {
            problems.add("FrontendBucket: no BucketEncryption");
        }
        for (Map<String, Object> statement :
                statements(map(template.properties("FrontendBucketPolicy").get("PolicyDocument")))) {
            if (!"Allow".equals(statement.get("Effect"))) {
                continue;
            }
            Object sourceArn =
                    map(map(statement.get("Condition")).get("StringEquals")).get("AWS:SourceArn");
            String source = subText(sourceArn);
            if (!Map.of("Service", "cloudfront.amazonaws.com").equals(statement.get("Principal"))
                    || !strings(statement.get("Action")).equals(List.of("s3:GetObject"))
                    || source == null
                    || !source.endsWith(":distribution/${FrontendDistribution}")) {
                problems.add("FrontendBucketPolicy: an Allow for anything but this distribution reading objects: "
                        + statement);
            }
        }
        Map<String, Object> config =
                map(template.properties("FrontendDistribution").get("DistributionConfig"));
        for (Object origin : config.get("Origins") instanceof List<?> list ? list : List.of()) {
            Map<String, Object> o = map(origin);
            if (o.containsKey("S3OriginConfig")
                    && (!isGetAtt(o.get("OriginAccessControlId"), "FrontendOriginAccessControl", "Id")
                            || !"".equals(map(o.get("S3OriginConfig")).get("OriginAccessIdentity")))) {
                problems.add("FrontendDistribution: the S3 origin must use the origin access control, not an OAI");
            }
        }
        Map<String, Object> headers =
                map(map(template.properties("FrontendHeadersPolicy").get("ResponseHeadersPolicyConfig"))
                        .get("SecurityHeadersConfig"));
        String csp = subText(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"));
        for (String directive : List.of(
                "default-src 'self'",
                "object-src 'none'",
                "frame-ancestors ${FrameAncestors}",
                "wss://${WebSocketApi}.execute-api.",
                "https://${HttpApi}.execute-api.")) {
            if (csp == null || !csp.contains(directive)) {
                problems.add("FrontendHeadersPolicy: the CSP lacks " + directive + ": " + csp);
            }
        }
        if (csp != null && (csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains(" *"))) {
            problems.add("FrontendHeadersPolicy: the CSP allows inline code, eval or any origin: " + csp);
        }
        for (String header : List.of("StrictTransportSecurity", "ContentTypeOptions", "ReferrerPolicy")) {
            if (!headers.containsKey(header)) {
                problems.add("FrontendHeadersPolicy: no " + header);
            }
        }
        String httpLog = String.valueOf(
                map(template.properties("HttpApi").get("AccessLogSettings")).get("Format"));
        if (!httpLog.contains("$context.requestId")
                || httpLog.toLowerCase().contains("querystring")
                || httpLog.contains("$request")) {
            problems.add("HttpApi: access log format must log $context.requestId and no query string: " + httpLog);
        }
        return problems;
    }

    List<String> iamProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> parameters = map(template.root().get("Parameters")).keySet();
        template.functions().forEach((id, props) -> {
            Object policies = props.get("Policies");
            if (policies == null) {
                return;
            }
            if (!(policies instanceof List<?> list)) {
                problems.add(id + ": Policies must be a list of policy documents, found " + policies);
                return;
            }
            for (Object policy : list) {
                if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                    problems.add(id + ": only inline policy documents are allowed (no managed policy"
                            + " templates whose resources are not listed here): " + policy);
                    continue;
                }
                statements(document).forEach(s -> problems.addAll(statementProblems(id, s, parameters)));
            }
        });
        for (String id : template.idsOfType("AWS::IAM::Policy")) {
            statements(map(template.properties(id).get("PolicyDocument")))
                    .forEach(s -> problems.addAll(statementProblems(id, s, parameters)));
        }
        return problems;
    }

    private List<String> statementProblems(String owner, Map<String, Object> statement, Set<String> parameters) {
        List<String> problems = new ArrayList<>();
        if (!"Allow".equals(statement.get("Effect"))) {
            return problems;
        }
        List<String> actions = strings(statement.get("Action"));
        List<Object> resources = unwrapIfs(statement.get("Resource"));
        for (String action : actions) {
            if (action.contains("*")) {
                problems.add(owner + ": wildcard action " + action);
            }
        }
        for (Object resource : resources) {
            String text = resource instanceof String s ? s : subText(resource);
            String where = owner + " " + actions + " on " + resource;
            if ("*".equals(text)) {
                problems.add(where + ": resource *");
                continue;
            }
            for (String action : actions) {
                String service = action.substring(0, action.indexOf(':'));
                switch (service) {
                    case "dynamodb" -> {
                        if (!isGetAtt(resource, "ChatTable", "Arn")
                                && !"${ChatTable.Arn}/index/*".equals(text)
                                && !"${ChatTable.Arn}/index/gsi1".equals(text)) {
                            problems.add(where + ": DynamoDB access beyond ChatTable and its indexes");
                        }
                    }
                    case "execute-api" -> {
                        if (text == null
                                || !text.matches(Pattern.quote(EXECUTE_API_PREFIX)
                                        + "\\$\\{WebSocketApi}/\\$\\{StageName}/(POST|GET|DELETE)/@connections/\\*")) {
                            problems.add(where + ": ManageConnections beyond this API's stage @connections");
                        }
                    }
                    case "ssm" -> {
                        Matcher m = Pattern.compile("^arn:\\$\\{AWS::Partition}:ssm:\\$\\{AWS::Region}:"
                                        + "\\$\\{AWS::AccountId}:parameter\\$\\{(\\w+)}$")
                                .matcher(text == null ? "" : text);
                        if (!m.matches() || !parameters.contains(m.group(1))) {
                            problems.add(where + ": SSM access must name one parameter given by a template parameter");
                        }
                    }
                    case "kms" -> {
                        Object via = map(map(statement.get("Condition")).get("StringEquals"))
                                .get("kms:ViaService");
                        if (!"ssm.${AWS::Region}.amazonaws.com".equals(subText(via))) {
                            problems.add(where + ": KMS decrypt only through SSM (kms:ViaService condition)");
                        }
                    }
                    case "lambda" -> {
                        Matcher m =
                                Pattern.compile("^\\$\\{(\\w+)\\.Arn}(:live)?$").matcher(text == null ? "" : text);
                        if (!m.matches() || !template.functions().containsKey(m.group(1))) {
                            problems.add(where + ": Lambda invoke beyond this template's functions");
                        }
                    }
                    default -> {}
                }
            }
        }
        return problems;
    }
}
