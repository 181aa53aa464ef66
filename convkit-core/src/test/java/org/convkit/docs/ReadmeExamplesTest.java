package org.convkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
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

/** Every ```java block of the README compiles and runs, so the documentation cannot go stale. */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = "import org.convkit.*;\nimport org.convkit.spec.*;\n"
            + "import org.convkit.tensor.*;\nimport org.convkit.io.*;\nimport org.convkit.deconv.*;\n";

    @Test
    void everyJavaBlockCompilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks(readme());
        assertThat(blocks).as("java blocks in README.md").isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler (tests run on a JDK)").isNotNull();
        for (int i = 0; i < blocks.size(); i++) {
            String name = "ReadmeExample" + i;
            Path src = dir.resolve(name + ".java");
            Files.writeString(src, IMPORTS + "public class " + name + " {\n public static void main(String[] a) "
                    + "throws Exception {\n" + blocks.get(i) + "\n }\n}\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                    src.toString());
            assertThat(rc).as("README java block %d does not compile:%n%s", i, err).isZero();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    getClass().getClassLoader())) {
                Method main = loader.loadClass(name).getMethod("main", String[].class);
                PrintStream old = System.out;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                try {
                    main.invoke(null, (Object) new String[0]);
                } finally {
                    System.setOut(old);
                }
            }
        }
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** README.md at the repository root, found by walking up from the module directory. */
    static String readme() throws IOException {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path r = p.resolve("README.md");
            if (Files.isRegularFile(r) && Files.isDirectory(p.resolve("convkit-core"))) {
                return Files.readString(r);
            }
        }
        throw new IOException("README.md not found above " + Paths.get("").toAbsolutePath());
    }
}
