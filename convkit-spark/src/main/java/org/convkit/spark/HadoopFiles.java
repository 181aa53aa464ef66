package org.convkit.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.convkit.io.Npy;
import org.convkit.io.NpyFile;
import org.convkit.tensor.Tensor;

/** Files through Hadoop's FileSystem API: {@code .npy} windows, small arrays, and atomic writes. */
final class HadoopFiles {
    private HadoopFiles() {
    }

    static FileSystem fs(String path, Configuration conf) throws IOException {
        return new Path(path).getFileSystem(conf);
    }

    /** A {@code .npy} file read window by window by positional reads. */
    static NpyFile openNpy(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        long size = fs.getFileStatus(p).getLen();
        FSDataInputStream in = fs.open(p);
        try {
            return NpyFile.open(path, (buffer, position) -> {
                byte[] b = new byte[buffer.remaining()];
                int n = in.read(position, b, 0, b.length);
                if (n > 0) {
                    buffer.put(b, 0, n);
                }
                return n;
            }, size, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A small array (a weight, a bias, a kernel) read whole; null for a null path. */
    static Tensor readSmall(String path, Configuration conf) throws IOException {
        if (path == null) {
            return null;
        }
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return Npy.read(in);
        }
    }

    /** Writes a file.  */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} so that it appears complete or not at all: into a hidden file of this
     * attempt's own beside it, then renamed. If another attempt's rename got there first, this one's
     * file is dropped: the content is the same (the computation is deterministic).
     *
     * @return true if this attempt's file became the target
     */
    static boolean writeOnce(String target, Configuration conf, Content content) throws IOException {
        Path t = new Path(target);
        FileSystem fs = t.getFileSystem(conf);
        Path temp = new Path(t.getParent(), "." + t.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(temp, false)) {
                content.writeTo(out);
            }
            if (fs.exists(t)) {
                fs.delete(temp, false);
                return false;
            }
            if (!fs.rename(temp, t)) {
                fs.delete(temp, false);
                if (!fs.exists(t)) {
                    throw new IOException("cannot rename " + temp + " to " + t);
                }
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            fs.delete(temp, false);
            throw e;
        }
    }

    /** Replaces {@code target} by {@code temp} (Hadoop's rename does not overwrite). */
    static void publish(FileSystem fs, Path temp, Path target) throws IOException {
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException("cannot replace " + target);
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }

    /** The path as a URI string, for messages. */
    static String show(String path) {
        return URI.create(new Path(path).toUri().toString()).toString();
    }
}
