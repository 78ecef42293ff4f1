package org.ibal.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the repository's command-line tools against a LocalStack, as a developer would: {@code aws} and the
 * derived-template tool from LocalStack's venv ({@code .ibal/localstack/venv}, made by
 * {@code localstack/localstack-local install}), and the project's own scripts, with the LocalStack's AWS_* variables.
 */
public final class LocalStackCli {
    private final LocalStack localStack;
    private final Path repository;

    public LocalStackCli(LocalStack localStack) {
        this.localStack = localStack;
        this.repository = findRepository();
        Assumptions.assumeTrue(
                Files.isExecutable(venvBin().resolve("aws")),
                () -> "No AWS CLI in " + venvBin()
                        + ": run `localstack/localstack-local install` (make test-localstack does) first");
    }

    /** The repository's root (where template.yaml is), from a module's directory or the root itself. */
    public Path repository() {
        return repository;
    }

    /** The LocalStack venv's bin folder: aws, python. */
    public Path venvBin() {
        return repository.resolve(".ibal/localstack/venv/bin");
    }

    /** What a command printed, and its exit status; stderr is kept apart for messages. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result orThrow(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    /** Runs {@code command} in the repository root; fails on a non-zero exit. */
    public String run(String... command) {
        return attempt(Map.of(), command).orThrow(List.of(command)).stdout();
    }

    /** Runs {@code command} in the repository root with {@code extra} variables, whatever its exit status. */
    public Result attempt(Map<String, String> extra, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile());
        Map<String, String> environment = builder.environment();
        environment.putAll(localStack.environment());
        environment.put("PATH", venvBin() + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(extra);
        try {
            Path stderr = Files.createTempFile("localstack-cli", ".err");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took more than 5 minutes");
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            return new Result(process.exitValue(), stdout, errors);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    private static Path findRepository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("localstack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the IBAL repository (no template.yaml above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
