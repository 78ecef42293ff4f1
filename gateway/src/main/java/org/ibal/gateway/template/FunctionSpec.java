package org.ibal.gateway.template;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** An {@code AWS::Serverless::Function}: where its code is, its handler and its resolved environment. */
public record FunctionSpec(
        String logicalId,
        Path codeUri,
        String handler,
        Map<String, String> environment,
        Duration timeout,
        int memoryMb) {}
