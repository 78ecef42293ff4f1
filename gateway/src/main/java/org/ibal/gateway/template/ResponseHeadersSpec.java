package org.ibal.gateway.template;

import java.util.Map;

/**
 * A CloudFront response headers policy ({@code AWS::CloudFront::ResponseHeadersPolicy}) as header names and values,
 * intrinsics resolved: what CloudFront adds to (and, with Override, replaces in) every response of the behaviours
 * that use it. {@code Strict-Transport-Security} is kept apart: it belongs on https responses only.
 */
public record ResponseHeadersSpec(Map<String, String> headers, String strictTransportSecurity) {}
