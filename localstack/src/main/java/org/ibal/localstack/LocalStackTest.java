package org.ibal.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against LocalStack: it gets one from {@link LocalStackExtension} (a {@link LocalStack}
 * parameter, or {@link LocalStackExtension#localStack()}), and carries the {@code localstack} tag that
 * {@code make test-localstack} selects.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(LocalStackTest.TAG)
@ExtendWith(LocalStackExtension.class)
public @interface LocalStackTest {
    String TAG = "localstack";
}
