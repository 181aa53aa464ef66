/**
 * Depthwise convolution (groups equal to the input channels, any channel multiplier) by direct
 * loops over one channel at a time, vectorized along rows of outputs through the SPI's kernels;
 * all three passes, every stride, dilation, padding and padding mode, 1-D to 3-D. A stride is a run
 * at stride 1 over rows stored split by the row stride's phase, every s2-th result kept
 * ({@link org.convkit.algo.depthwise.Grid}); the passes are in
 * {@link org.convkit.algo.depthwise.ChannelLoops}, their cost model in
 * {@link org.convkit.algo.depthwise.DepthwiseCost}.
 */
package org.convkit.algo.depthwise;
