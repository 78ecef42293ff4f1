package org.ibal.gateway.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the response headers policies a template's CloudFront distribution applies: the default behaviour's (the
 * app) and the {@code /api/*} behaviour's, so a self-hosted gateway sends the app with the very headers CloudFront
 * sends it with on AWS. Only {@code SecurityHeadersConfig} and {@code CustomHeadersConfig} are read.
 */
final class CloudFrontHeaders {
    private final Map<String, Object> resources;
    private final Intrinsics intrinsics;

    CloudFrontHeaders(Map<String, Object> resources, Intrinsics intrinsics) {
        this.resources = resources;
        this.intrinsics = intrinsics;
    }

    /** The default behaviour's policy, or null. */
    ResponseHeadersSpec app() {
        Map<String, Object> config = distributionConfig();
        return config == null
                ? null
                : policy(map(config.get("DefaultCacheBehavior")).get("ResponseHeadersPolicyId"));
    }

    /** The policy of the behaviour for {@code /api/*}, or null. */
    ResponseHeadersSpec api() {
        Map<String, Object> config = distributionConfig();
        if (config == null || !(config.get("CacheBehaviors") instanceof List<?> behaviours)) {
            return null;
        }
        for (Object behaviour : behaviours) {
            Map<String, Object> properties = map(behaviour);
            if ("/api/*".equals(intrinsics.string(properties.get("PathPattern"), "CacheBehaviors.PathPattern"))) {
                return policy(properties.get("ResponseHeadersPolicyId"));
            }
        }
        return null;
    }

    private Map<String, Object> distributionConfig() {
        for (var resource : resources.entrySet()) {
            Map<String, Object> definition = map(resource.getValue());
            if ("AWS::CloudFront::Distribution".equals(definition.get("Type"))) {
                return map(map(definition.get("Properties")).get("DistributionConfig"));
            }
        }
        return null;
    }

    private ResponseHeadersSpec policy(Object reference) {
        if (reference == null) {
            return null;
        }
        String id = intrinsics.string(reference, "ResponseHeadersPolicyId");
        Map<String, Object> definition = map(resources.get(id));
        if (!"AWS::CloudFront::ResponseHeadersPolicy".equals(definition.get("Type"))) {
            return null; // a managed policy by id: nothing in the template to read
        }
        String where = id + ".ResponseHeadersPolicyConfig";
        Map<String, Object> config = map(map(definition.get("Properties")).get("ResponseHeadersPolicyConfig"));
        Map<String, Object> security = map(config.get("SecurityHeadersConfig"));
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> csp = map(security.get("ContentSecurityPolicy"));
        if (!csp.isEmpty()) {
            headers.put(
                    "Content-Security-Policy",
                    intrinsics.string(csp.get("ContentSecurityPolicy"), where + ".ContentSecurityPolicy"));
        }
        if (security.containsKey("ContentTypeOptions")) {
            headers.put("X-Content-Type-Options", "nosniff");
        }
        Map<String, Object> referrer = map(security.get("ReferrerPolicy"));
        if (!referrer.isEmpty()) {
            headers.put(
                    "Referrer-Policy", intrinsics.string(referrer.get("ReferrerPolicy"), where + ".ReferrerPolicy"));
        }
        Map<String, Object> frame = map(security.get("FrameOptions"));
        if (!frame.isEmpty()) {
            headers.put("X-Frame-Options", intrinsics.string(frame.get("FrameOption"), where + ".FrameOption"));
        }
        Map<String, Object> xss = map(security.get("XSSProtection"));
        if (!xss.isEmpty()) {
            boolean on = flag(xss.get("Protection"), where);
            headers.put("X-XSS-Protection", !on ? "0" : flag(xss.get("ModeBlock"), where) ? "1; mode=block" : "1");
        }
        Object items = map(config.get("CustomHeadersConfig")).get("Items");
        if (items instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> header = map(item);
                headers.put(
                        intrinsics.string(header.get("Header"), where + ".CustomHeadersConfig"),
                        intrinsics.string(header.get("Value"), where + ".CustomHeadersConfig"));
            }
        }
        return new ResponseHeadersSpec(headers, hsts(map(security.get("StrictTransportSecurity")), where));
    }

    private String hsts(Map<String, Object> config, String where) {
        if (config.isEmpty()) {
            return null;
        }
        StringBuilder value = new StringBuilder("max-age=")
                .append(intrinsics.string(config.get("AccessControlMaxAgeSec"), where + ".AccessControlMaxAgeSec"));
        if (flag(config.get("IncludeSubdomains"), where)) {
            value.append("; includeSubDomains");
        }
        if (flag(config.get("Preload"), where)) {
            value.append("; preload");
        }
        return value.toString();
    }

    private boolean flag(Object value, String where) {
        return value != null && Boolean.parseBoolean(intrinsics.string(value, where));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }
}
