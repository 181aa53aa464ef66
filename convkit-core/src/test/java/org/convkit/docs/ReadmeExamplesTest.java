package org.convkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README and of docs/api.md compiles and runs as written, and
 * says nothing the test does not check, so the documentation cannot go stale.
 *
 * <p>A block is what a user pastes into jshell, or into a {@code main} method with the imports
 * above the class: its own imports first (nothing is imported for it), then statements. Its only
 * comments are claims about printed values, written after the print: {@code
 * System.out.println(expr); // text} claims that {@code expr} prints as {@code text}, and {@code
 * // text ...} that it starts with {@code text} (for a printout of several lines). The test runs
 * the block with each such print checked against its claim; any other comment fails the test,
 * since nothing would check it.
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLAIM = Pattern.compile("^(\\s*)System\\.out\\.println\\((.*)\\);\\s*//\\s?(.*)$");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+(\\.\\*)?;$");

    @Test
    void everyJavaBlockOfTheReadmeRunsAndHoldsToItsClaims(@TempDir Path dir) throws Exception {
        checkBlocks("README.md", dir);
    }

    @Test
    void everyJavaBlockOfTheApiGuideRunsAndHoldsToItsClaims(@TempDir Path dir) throws Exception {
        checkBlocks("docs/api.md", dir);
    }

    private static void checkBlocks(String file, Path dir) throws Exception {
        List<String> blocks = javaBlocks(read(file));
        assertThat(blocks).as("java blocks in %s", file).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler (tests run on a JDK)").isNotNull();
        int claims = 0;
        for (int i = 0; i < blocks.size(); i++) {
            String name = file.replaceAll("\\W", "_") + "_block" + i;
            Program p = program(file, i, name, blocks.get(i));
            claims += p.claims;
            Path src = dir.resolve(name + ".java");
            Files.writeString(src, p.source);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, "-d", dir.toString(), "-cp", classPath(), src.toString());
            assertThat(rc).as("%s java block %d does not compile:%n%s%n%s", file, i, err, p.source).isZero();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    ReadmeExamplesTest.class.getClassLoader())) {
                Method main = loader.loadClass(name).getMethod("main", String[].class);
                try {
                    main.invoke(null, (Object) new String[0]);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(file + " java block " + i + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
        assertThat(claims).as("claims checked in %s", file).isPositive();
    }

    /** The block as a class: its imports on top, its statements in main, each claim a check. */
    private static Program program(String file, int index, String name, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean inImports = true;
        int claims = 0;
        String[] lines = block.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = file + " java block " + index + " line " + (n + 1);
            if (inImports && (line.isBlank() || IMPORT.matcher(line.trim()).matches())) {
                imports.append(line).append('\n');
                continue;
            }
            inImports = false;
            assertThat(line.trim()).as("%s: imports go first: %s", where, line).doesNotStartWith("import ");
            Matcher m = CLAIM.matcher(line);
            if (m.matches()) {
                claims++;
                body.append(m.group(1)).append("check(\"").append(escape(where)).append("\", String.valueOf(")
                        .append(m.group(2)).append("), \"").append(escape(m.group(3).strip())).append("\");\n");
            } else {
                assertThat(line).as("%s: a comment that no print checks (write it as "
                        + "'System.out.println(value); // what it prints'): %s", where, line)
                        .doesNotContain("//").doesNotContain("/*");
                body.append(line).append('\n');
            }
        }
        String source = imports + "public class " + name + " {\n"
                + " public static void main(String[] args) throws Exception {\n" + body + " }\n"
                + " static void check(String where, String printed, String claim) {\n"
                + "  boolean prefix = claim.endsWith(\" ...\");\n"
                + "  String c = prefix ? claim.substring(0, claim.length() - 4) : claim;\n"
                + "  if (prefix ? !printed.startsWith(c) : !printed.equals(c)) {\n"
                + "   throw new AssertionError(where + \": the comment says \" + claim + \" but it prints \" + printed);\n"
                + "  }\n"
                + "  System.out.println(printed);\n"
                + " }\n}\n";
        return new Program(source, claims);
    }

    private record Program(String source, int claims) {
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The test's class path and, when the tests run on the module path, the module path too. */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        return mp.isEmpty() ? cp : cp + File.pathSeparator + mp;
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** A file of the repository, found by walking up from the module directory to the root. */
    static String read(String name) throws IOException {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path r = p.resolve(name);
            if (Files.isRegularFile(r) && Files.isDirectory(p.resolve("convkit-core"))) {
                return Files.readString(r);
            }
        }
        throw new IOException(name + " not found above " + Paths.get("").toAbsolutePath());
    }
}
