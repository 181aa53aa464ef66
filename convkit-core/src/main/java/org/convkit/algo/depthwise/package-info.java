/**
 * Depthwise convolution (groups equal to the input channels, any channel multiplier) by direct
 * loops over one channel at a time, shaped so that the JIT vectorizes the inner loop over a row of
 * outputs; all three passes, every stride, dilation, padding and padding mode, 1-D to 3-D.
 */
package org.convkit.algo.depthwise;
