package org.convkit.viz;

import java.util.List;

import org.convkit.spec.Geometry;

/**
 * A computed storyboard: the {@link Stage}s the engine ran, and the {@link Frame}s that walk
 * them, one per output cell (map by map, row by row), then a hold that shows the finished result.
 * Made by {@link Animations#build}; drawn by {@link FramePainter}, {@link GifAnimation} and
 * {@link SvgAnimation}.
 */
public final class Animation {
    private final AnimationSpec spec;
    private final List<Stage> stages;
    private final List<Frame> frames;

    Animation(AnimationSpec spec, List<Stage> stages, List<Frame> frames) {
        this.spec = spec;
        this.stages = List.copyOf(stages);
        this.frames = List.copyOf(frames);
    }

    /**
     * The settings it was built from.
     *
     * @return the spec
     */
    public AnimationSpec spec() {
        return spec;
    }

    /**
     * The stages: one, or two for a depthwise separable convolution.
     *
     * @return an unmodifiable list
     */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * Every frame, the hold frames last.
     *
     * @return an unmodifiable list
     */
    public List<Frame> frames() {
        return frames;
    }

    /**
     * The number of frames, the hold frames included.
     *
     * @return the count
     */
    public int frameCount() {
        return frames.size();
    }

    /**
     * The frames that compute an output cell (all but the hold).
     *
     * @return the count
     */
    public int outputFrames() {
        return (int) frames.stream().filter(f -> !f.hold()).count();
    }

    /**
     * The first stage's geometry (a depthwise separable convolution's second stage is 1x1, stride 1).
     *
     * @return the geometry
     */
    public Geometry geometry() {
        return stages.get(0).geometry();
    }

    /**
     * The final result's shape.
     *
     * @return {@code (maps, spatial...)}
     */
    public int[] outputShape() {
        Stage last = stages.get(stages.size() - 1);
        int[] size = last.outputSize();
        int[] s = new int[size.length + 1];
        s[0] = last.outChannels();
        System.arraycopy(size, 0, s, 1, size.length);
        return s;
    }

    /**
     * The input's shape.
     *
     * @return {@code (channels, spatial...)}
     */
    public int[] inputShape() {
        Stage first = stages.get(0);
        int[] size = first.inputSize();
        int[] s = new int[size.length + 1];
        s[0] = first.inChannels();
        System.arraycopy(size, 0, s, 1, size.length);
        return s;
    }

    /**
     * The output size worked through with these numbers, from {@link Geometry#explain()}.
     *
     * @return the text, for people
     */
    public String explain() {
        return geometry().explain();
    }

    /**
     * The total running time of one loop, in milliseconds.
     *
     * @return the sum of the frames' delays
     */
    public long durationMillis() {
        long t = 0;
        for (Frame f : frames) {
            t += f.delayMillis();
        }
        return t;
    }
}
