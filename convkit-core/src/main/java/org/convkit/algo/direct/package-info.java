/**
 * Direct convolution: row-at-a-time multiply-adds with no copies, the right tool when there are
 * few channels per group and a small kernel (image filtering), where im2col would mostly move data.
 */
package org.convkit.algo.direct;
