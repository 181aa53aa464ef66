#!/usr/bin/env python3
"""Writes bench/zoo.json: the convolution, transposed-convolution and pooling layers of published
networks, plus image and signal filtering jobs, in bench/suite.json's format.

The short suite (bench/suite.json) is what the engine was first tuned on; the zoo is what users run.
Every distinct layer of each network below is one case at batch 1 and one at batch 8 (see
BATCH_FLOP_CAP for the few that get a smaller second batch or none), and some layers are also timed as training steps.
Shapes come from the papers or the reference implementations, cited beside each network. A layer
repeated in a network, or shared with a network listed earlier (ResNet-50's stem is ResNet-18's),
is one case, named after the first network that has it: case names are `<network>.<layer>-b<N>`,
and reports group by the part before the first '.'.

Conventions of the format: tensors NCHW / NCL / NCDHW; conv weights (Cout, Cin/groups, k...);
transposed weights (Cin, Cout/groups, k...); padding [before, after] per spatial dimension
(causal 1-D layers pad (k-1)*d before and nothing after); pooling padding is symmetric (both peers
pool with one padding per dimension), and average pooling counts padding cells in the divisor, as
PyTorch's default (count_include_pad=True) does on all three sides. No biases, batch norms or
activations: those are not convolutions.

usage: python3 bench/zoo.py [--out bench/zoo.json] [--list]   (stdlib only; --list prints a summary)
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The second batch of an inference layer is 8 unless that call would pass either cap; then it is
# the largest of 4 and 2 that stays under both, or none (batch 1 only). VGG's, U-Net's, DeepLab's
# and the 3-D U-Net's largest layers (2-10 GFLOP at batch 1) would be multi-second calls at batch
# 8, a few of which would take most of a run, and they keep every core busy at smaller batches;
# U-Net's first pooling layer at batch 8 would read 160 MB.
BATCH_FLOP_CAP = 8e9
BATCH_BYTES_CAP = 256 << 20


class Zoo:
    def __init__(self, every_width=False):
        self.cases = []
        self.first = {}        # problem key -> name of the case that has it
        self.shared = []       # (name that was dropped, the case it repeats)
        self.every_width = every_width

    def add(self, name, case):
        key = json.dumps(case, sort_keys=True)
        if key in self.first:
            self.shared.append((name, self.first[key]))
            return
        arch = name.split(".")[0]
        if not self.every_width and arch in FOLDED:
            # in the networks built from many layers of a few kinds, a layer that differs from an
            # earlier one of its network only in its channel counts (MobileNetV2's depthwise 3x3 on
            # 14x14 with 384 and 576 channels) is that kind's work at another width: one case, the first
            kind = (arch, json.dumps(layer_class(case), sort_keys=True))
            if kind in self.first:
                self.shared.append((name, self.first[kind]))
                return
            self.first[kind] = name
        if any(c["name"] == name for c in self.cases):
            raise SystemExit(f"zoo.py: two different layers are both named {name}")
        self.first[key] = name
        self.cases.append(dict(name=name, **case))

    def layer(self, arch, layer, spec, batches=None):
        """An inference layer (spec: its case without the batch) at batch 1 and 8 (or the caps' choice)."""
        for n in batches or inference_batches(spec):
            self.add(f"{arch}.{layer}-b{n}", batched(spec, n))

    def train(self, arch, layer, spec, n):
        """A training step (forward, input gradient, weight gradient) of a convolution at batch n."""
        assert spec["op"] == "conv"
        case = batched(spec, n)
        case["op"] = "conv_train_step"
        self.add(f"{arch}.{layer}-train-b{n}", case)


def layer_class(case):
    """What a layer is apart from its widths: op, batch, map, kernel, stride, padding, dilation,
    whether it is depthwise, grouped or dense, whether it widens, narrows or keeps the channels, and
    whether it reads a network's few input channels (an RGB stem is not a 32-channel layer)."""
    c = {k: v for k, v in case.items() if k not in ("input", "weight", "groups")}
    c["map"] = case["input"][:1] + case["input"][2:]
    if "weight" in case:
        cin, g = case["input"][1], case["groups"]
        cout = case["weight"][1] * g if case["op"] == "conv_transpose" else case["weight"][0]
        c["kernel"] = case["weight"][2:]
        c["groups"] = "depthwise" if g == cin and g > 1 else g
        c["widths"] = (cout > cin) - (cout < cin)
        c["input_layer"] = cin <= 4
    return c


def batched(spec, n):
    case = dict(spec)
    case["input"] = [n] + spec["input"]
    return order(case)


def order(case):
    """The keys in suite.json's order, so the file reads like it."""
    keys = ["op", "input", "weight", "weight_kind", "kernel", "stride", "padding", "output_padding", "dilation",
            "groups"]
    return {k: case[k] for k in keys if k in case}


def inference_batches(spec):
    for n in (8, 4, 2):
        case = batched(spec, n)
        if flops(case) <= BATCH_FLOP_CAP and 4 * (math.prod(case["input"]) + out_cells(case)) <= BATCH_BYTES_CAP:
            return [1, n]
    return [1]


def out_size(n, k, s, pb, pa, d):
    return (n + pb + pa - d * (k - 1) - 1) // s + 1


def out_shape(case):
    """The result's shape (a training step's: its forward pass's)."""
    x = case["input"]
    if case["op"] == "conv_transpose":
        w = case["weight"]
        sp = [(n - 1) * s - pb - pa + d * (k - 1) + op + 1 for n, k, s, (pb, pa), d, op in
              zip(x[2:], w[2:], case["stride"], case["padding"], case["dilation"], case["output_padding"])]
        return [x[0], w[1] * case["groups"]] + sp
    k = case["weight"][2:] if "weight" in case else case["kernel"]
    dil = case.get("dilation", [1] * len(k))
    sp = [out_size(n, kk, s, pb, pa, d) for n, kk, s, (pb, pa), d in
          zip(x[2:], k, case["stride"], case["padding"], dil)]
    return [x[0], case["weight"][0] if "weight" in case else x[1]] + sp


def out_cells(case):
    return math.prod(out_shape(case))


def flops(case):
    """The peers' count (torch_peer.build): 2 x output cells x taps per cell for a convolution,
    2 x input cells x taps for a transposed one, 3 x that for a training step, output cells x
    window for pooling."""
    x = case["input"]
    if case["op"] == "conv_transpose":
        return 2.0 * math.prod(x) * math.prod(case["weight"][1:])
    if case["op"] in ("max_pool", "avg_pool"):
        return float(out_cells(case) * math.prod(case["kernel"]))
    f = 2.0 * out_cells(case) * math.prod(case["weight"][1:])
    return 3 * f if case["op"] == "conv_train_step" else f


def per_dim(v, d):
    return list(v) if isinstance(v, (list, tuple)) else [v] * d


def conv(cin, hw, cout, k, stride=1, pad=None, dil=1, groups=1, weight_kind=None):
    """A convolution on a (Cin, *hw) input; pad defaults to 'same' for odd k at stride 1
    (d*(k-1)/2 each side, as torchvision's (k-1)//2 * d); pad may be an int, a list per dimension or
    a list of [before, after] pairs."""
    hw = per_dim(hw, 2) if isinstance(hw, int) else list(hw)
    d = len(hw)
    k, stride, dil = per_dim(k, d), per_dim(stride, d), per_dim(dil, d)
    if pad is None:
        pad = [(kk - 1) // 2 * dd for kk, dd in zip(k, dil)]
    pads = [list(p) if isinstance(p, (list, tuple)) else [p, p] for p in per_dim(pad, d)]
    assert cin % groups == 0 and cout % groups == 0
    spec = {"op": "conv", "input": [cin] + hw, "weight": [cout, cin // groups] + k, "stride": stride,
            "padding": pads, "dilation": dil, "groups": groups}
    if weight_kind:
        spec["weight_kind"] = weight_kind
    return spec


def dw(c, hw, k, stride=1):
    """Depthwise: one k x k filter per channel (groups = channels), torchvision's padding (k-1)//2."""
    return conv(c, hw, c, k, stride=stride, groups=c)


def pw(cin, hw, cout):
    return conv(cin, hw, cout, 1, pad=0)


def convt(cin, hw, cout, k, stride, pad=0, output_padding=0):
    hw = per_dim(hw, 2) if isinstance(hw, int) else list(hw)
    d = len(hw)
    return {"op": "conv_transpose", "input": [cin] + hw, "weight": [cin, cout] + per_dim(k, d),
            "stride": per_dim(stride, d), "padding": [[p, p] for p in per_dim(pad, d)],
            "output_padding": per_dim(output_padding, d), "dilation": [1] * d, "groups": 1}


def pool(kind, c, hw, k, stride=None, pad=0):
    hw = per_dim(hw, 2) if isinstance(hw, int) else list(hw)
    d = len(hw)
    k = per_dim(k, d)
    return {"op": kind + "_pool", "input": [c] + hw, "kernel": k, "stride": per_dim(stride or k, d),
            "padding": [[p, p] for p in per_dim(pad, d)]}


def global_avg(c, hw):
    """AdaptiveAvgPool(1) on an (hw x hw) map: one window over the whole map."""
    return pool("avg", c, hw, hw)


def causal(cin, length, cout, k, dil):
    """A causal 1-D convolution: (k-1)*d zeros before the signal, none after (WaveNet, TCN)."""
    return {"op": "conv", "input": [cin, length], "weight": [cout, cin, k], "stride": [1],
            "padding": [[(k - 1) * dil, 0]], "dilation": [dil], "groups": 1}


def resnet18(z):
    # He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016), table 1; torchvision
    # models/resnet.py (BasicBlock, stride on the first 3x3 of a stage, downsample conv1x1 stride 2).
    # 224x224 input: 7x7 s2 stem -> 112, 3x3 s2 max pool -> 56, stages on 56/28/14/7.
    a = "resnet18"
    z.layer(a, "stem-7x7-s2", conv(3, 224, 64, 7, stride=2, pad=3))
    z.layer(a, "maxpool-3x3-s2", pool("max", 64, 112, 3, stride=2, pad=1))
    z.layer(a, "l1-3x3-64", conv(64, 56, 64, 3))
    for i, (cin, c, hw) in enumerate([(64, 128, 56), (128, 256, 28), (256, 512, 14)], start=2):
        z.layer(a, f"l{i}-3x3-s2-{cin}to{c}", conv(cin, hw, c, 3, stride=2))
        z.layer(a, f"l{i}-3x3-{c}", conv(c, hw // 2, c, 3))
        z.layer(a, f"l{i}-down-1x1-s2-{cin}to{c}", conv(cin, hw, c, 1, stride=2, pad=0))
    z.layer(a, "avgpool-7x7", global_avg(512, 7))


def resnet50(z):
    # He et al. 2016, table 1 (50-layer); torchvision models/resnet.py Bottleneck ("ResNet V1.5":
    # the stride is on the 3x3, conv2, not on the first 1x1), widths 64/128/256/512, expansion 4.
    a = "resnet50"
    z.layer(a, "stem-7x7-s2", conv(3, 224, 64, 7, stride=2, pad=3))
    z.layer(a, "maxpool-3x3-s2", pool("max", 64, 112, 3, stride=2, pad=1))
    inplanes = 64
    for i, (width, hw, stride) in enumerate([(64, 56, 1), (128, 56, 2), (256, 28, 2), (512, 14, 2)], start=1):
        out, ohw = width * 4, hw // stride
        z.layer(a, f"l{i}-1x1-{inplanes}to{width}", pw(inplanes, hw, width))
        if stride == 1:
            z.layer(a, f"l{i}-3x3-{width}", conv(width, hw, width, 3))
        else:
            z.layer(a, f"l{i}-3x3-s2-{width}", conv(width, hw, width, 3, stride=2))
        z.layer(a, f"l{i}-1x1-{width}to{out}", pw(width, ohw, out))
        z.layer(a, f"l{i}-down-1x1{'-s2' if stride > 1 else ''}-{inplanes}to{out}",
                conv(inplanes, hw, out, 1, stride=stride, pad=0))
        # blocks 2..n of the stage
        z.layer(a, f"l{i}-1x1-{out}to{width}", pw(out, ohw, width))
        z.layer(a, f"l{i}-3x3-{width}", conv(width, ohw, width, 3))
        inplanes = out
    z.layer(a, "avgpool-7x7", global_avg(2048, 7))


def resnext50(z):
    # Xie et al., "Aggregated Residual Transformations for Deep Neural Networks" (CVPR 2017),
    # table 1 (ResNeXt-50 32x4d); torchvision models/resnet.py resnext50_32x4d: groups 32,
    # width_per_group 4, so the bottleneck width is planes * 4/64 * 32 = 128/256/512/1024. Only its
    # grouped 3x3 convs are in the zoo: the rest are ResNet-50's 1x1 layers at twice the widths.
    a = "resnext50"
    for i, (planes, hw, stride) in enumerate([(64, 56, 1), (128, 56, 2), (256, 28, 2), (512, 14, 2)], start=1):
        width = planes * 2
        if stride > 1:
            z.layer(a, f"l{i}-3x3-s2-g32-{width}", conv(width, hw, width, 3, stride=2, groups=32))
        z.layer(a, f"l{i}-3x3-g32-{width}", conv(width, hw // stride, width, 3, groups=32))


def mobilenetv2(z):
    # Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks" (CVPR 2018), table 2;
    # torchvision models/mobilenetv2.py: stem 3x3 s2 to 32, then (t, c, n, s) =
    # (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), each block
    # expand 1x1 (t > 1), depthwise 3x3 (stride s on its first block), project 1x1; last 1x1 to 1280.
    a = "mobilenetv2"
    z.layer(a, "stem-3x3-s2", conv(3, 224, 32, 3, stride=2))
    inverted_residual(z, a, 32, 112, [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                                       (6, 160, 3, 2), (6, 320, 1, 1)], k=3)
    z.layer(a, "pw-320to1280-7", pw(320, 7, 1280))
    z.layer(a, "avgpool-7x7", global_avg(1280, 7))


def inverted_residual(z, a, cin, hw, settings, k):
    for t, c, n, s in settings:
        for b in range(n):
            stride = s if b == 0 else 1
            hidden = cin * t
            if t != 1:
                z.layer(a, f"pw-{cin}to{hidden}-{hw}", pw(cin, hw, hidden))
            z.layer(a, f"dw{k}-{hidden}{'-s2' if stride > 1 else ''}-{hw}", dw(hidden, hw, k, stride))
            hw //= stride
            z.layer(a, f"pw-{hidden}to{c}-{hw}", pw(hidden, hw, c))
            cin = c


def make_divisible(v, divisor=8):
    # torchvision's _make_divisible (models/_utils.py), as MobileNetV3's SE uses it
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def squeeze_excite(z, a, c, hw, squeeze):
    """Hu et al. 2018's SE block as torchvision builds it: global average pool, 1x1 c->squeeze and
    squeeze->c on the 1x1 map."""
    z.layer(a, f"se-avgpool-{c}-{hw}", global_avg(c, hw))
    z.layer(a, f"se-1x1-{c}to{squeeze}", pw(c, 1, squeeze))
    z.layer(a, f"se-1x1-{squeeze}to{c}", pw(squeeze, 1, c))


def mobilenetv3(z):
    # Howard et al., "Searching for MobileNetV3" (ICCV 2019), table 1 (Large); torchvision
    # models/mobilenetv3.py _mobilenet_v3_conf("mobilenet_v3_large"): (in, k, expanded, out, SE, s)
    # below. Only its 5x5 depthwise convs are in the zoo: its 3x3 depthwise and pointwise layers are
    # MobileNetV2's kinds at other widths, its squeeze-and-excitation blocks EfficientNet-B0's.
    a = "mobilenetv3"
    hw = 112
    for cin, k, exp, out, se, s in [(16, 3, 16, 16, False, 1), (16, 3, 64, 24, False, 2), (24, 3, 72, 24, False, 1),
                                    (24, 5, 72, 40, True, 2), (40, 5, 120, 40, True, 1), (40, 5, 120, 40, True, 1),
                                    (40, 3, 240, 80, False, 2), (80, 3, 200, 80, False, 1),
                                    (80, 3, 184, 80, False, 1), (80, 3, 184, 80, False, 1),
                                    (80, 3, 480, 112, True, 1), (112, 3, 672, 112, True, 1),
                                    (112, 5, 672, 160, True, 2), (160, 5, 960, 160, True, 1),
                                    (160, 5, 960, 160, True, 1)]:
        if k == 5:
            z.layer(a, f"dw5-{exp}{'-s2' if s > 1 else ''}-{hw}", dw(exp, hw, 5, s))
        hw //= s


def efficientnet_b0(z):
    # Tan & Le, "EfficientNet: Rethinking Model Scaling for CNNs" (ICML 2019), table 1; torchvision
    # models/efficientnet.py (MBConvConfig for B0: expand, k, stride, in, out, layers) =
    # (1,3,1,32,16,1) (6,3,2,16,24,2) (6,5,2,24,40,2) (6,3,2,40,80,3) (6,5,1,80,112,3)
    # (6,5,2,112,192,4) (6,3,1,192,320,1); a squeeze-and-excitation block in every MBConv (global
    # average pool, 1x1 to max(1, in // 4) of the block's input channels, 1x1 back). In the zoo: its
    # 5x5 depthwise convs and three of its SE blocks (on 112x112, 14x14 and 7x7 maps; the others are
    # the same at other widths); its 3x3 depthwise and pointwise layers are MobileNetV2's kinds.
    a = "efficientnetb0"
    hw = 112
    for stage, (t, k, s, cin0, out, n) in enumerate([(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2),
                                                     (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3),
                                                     (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)], start=1):
        for b in range(n):
            cin = cin0 if b == 0 else out
            stride = s if b == 0 else 1
            exp = cin * t
            if k == 5:
                z.layer(a, f"dw5-{exp}{'-s2' if stride > 1 else ''}-{hw}", dw(exp, hw, 5, stride))
            hw //= stride
            if (stage, b) in ((1, 0), (4, 1), (6, 1)):
                squeeze_excite(z, a, exp, hw, max(1, cin // 4))


def vgg16(z):
    # Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition"
    # (ICLR 2015), table 1 column D; torchvision models/vgg.py cfgs["D"]: 3x3 pad 1 convs, 2x2 s2
    # max pools, 224x224 input. (Its AdaptiveAvgPool2d((7, 7)) on a 7x7 map is the identity.)
    a = "vgg16"
    cin, hw = 3, 224
    for block, (c, n) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], start=1):
        for i in range(n):
            z.layer(a, f"conv{block}-3x3-{cin}to{c}-{hw}", conv(cin, hw, c, 3))
            cin = c
        z.layer(a, f"maxpool{block}-2x2-{c}-{hw}", pool("max", c, hw, 2))
        hw //= 2


def unet(z):
    # Ronneberger et al., "U-Net: Convolutional Networks for Biomedical Image Segmentation" (MICCAI
    # 2015), figure 1 and sec. 2: unpadded 3x3 convs (64 -> 1024 channels), 2x2 s2 max pools, 2x2
    # s2 up-convolutions that halve the channels, 3x3 convs on the concatenation, a final 1x1 to 2
    # classes, on one-channel tiles "such that all 2x2 max-pooling operations are applied to a
    # layer with an even x- and y-size". Figure 1's tile is 572x572 (10-27 GFLOP per layer, a second
    # or more per call here); this takes the valid tile 316x316 (output 132x132, 12x12 at the
    # bottom), a third of the work, so that the network's layers do not take most of a run.
    a = "unet"
    cin, hw = 1, 316
    skips = []
    for level, c in enumerate([64, 128, 256, 512, 1024], start=1):
        z.layer(a, f"e{level}-3x3-{cin}to{c}-{hw}", conv(cin, hw, c, 3, pad=0))
        z.layer(a, f"e{level}-3x3-{c}to{c}-{hw - 2}", conv(c, hw - 2, c, 3, pad=0))
        hw -= 4
        if c < 1024:
            skips.append(c)
            z.layer(a, f"maxpool{level}-2x2-{c}-{hw}", pool("max", c, hw, 2))
            hw //= 2
        cin = c
    for level in range(4, 0, -1):
        c = skips[level - 1]
        z.layer(a, f"up{level}-2x2-s2-{cin}to{c}-{hw}", convt(cin, hw, c, 2, 2))
        hw *= 2
        z.layer(a, f"d{level}-3x3-{2 * c}to{c}-{hw}", conv(2 * c, hw, c, 3, pad=0))
        z.layer(a, f"d{level}-3x3-{c}to{c}-{hw - 2}", conv(c, hw - 2, c, 3, pad=0))
        hw -= 4
        cin = c
    z.layer(a, f"out-1x1-64to2-{hw}", pw(64, hw, 2))


def dcgan(z):
    # Radford et al., "Unsupervised Representation Learning with Deep Convolutional GANs" (ICLR
    # 2016), figure 1; the PyTorch example dcgan/main.py (nz=100, ngf=ndf=64, 64x64 RGB): generator
    # ConvTranspose2d(100, 512, 4, 1, 0) then 4x4 s2 p1 transposed on 4x4/8x8/16x16/32x32 maps;
    # discriminator Conv2d 4x4 s2 p1 on 64/32/16/8, then 4x4 s1 p0 to one value.
    a = "dcgan"
    z.layer(a, "g1-4x4-100to512-1", convt(100, 1, 512, 4, 1, 0))
    for cin, cout, hw in [(512, 256, 4), (256, 128, 8), (128, 64, 16), (64, 3, 32)]:
        z.layer(a, f"g-4x4-s2-{cin}to{cout}-{hw}", convt(cin, hw, cout, 4, 2, 1))
    for cin, cout, hw in [(3, 64, 64), (64, 128, 32), (128, 256, 16), (256, 512, 8)]:
        z.layer(a, f"d-4x4-s2-{cin}to{cout}-{hw}", conv(cin, hw, cout, 4, stride=2, pad=1))
    z.layer(a, "d-4x4-512to1-4", conv(512, 4, 1, 4, pad=0))


def deeplabv3(z):
    # Chen et al., "Rethinking Atrous Convolution for Semantic Image Segmentation" (2017), sec. 3.3:
    # ASPP at output stride 16 with rates 6/12/18 on a ResNet-50 backbone, a 513x513 crop, so a
    # 33x33 map of 2048 channels: a 1x1 and three dilated 3x3 convs to 256 channels, the image
    # pooling branch (global average pool, 1x1 to 256), a 1x1 projection of the 5 x 256 channels.
    # torchvision models/segmentation/deeplabv3.py builds the same ASPP (it defaults to output
    # stride 8, rates 12/24/36) and a DeepLabHead 3x3 256 -> 256 and 1x1 to the 21 VOC classes.
    # The backbone's layer4 runs dilated (rate 2) at output stride 16: its 3x3 is here; its other
    # layers are ResNet-50's (under resnet50, at 224).
    a = "deeplabv3"
    z.layer(a, "l4-3x3-d2-512-33", conv(512, 33, 512, 3, dil=2))
    z.layer(a, "aspp-1x1-2048to256-33", pw(2048, 33, 256))
    for rate in (6, 12, 18):
        z.layer(a, f"aspp-3x3-d{rate}-2048to256-33", conv(2048, 33, 256, 3, dil=rate))
    z.layer(a, "aspp-avgpool-2048-33", global_avg(2048, 33))
    z.layer(a, "aspp-pool-1x1-2048to256-1", pw(2048, 1, 256))
    z.layer(a, "aspp-project-1x1-1280to256-33", pw(1280, 33, 256))
    z.layer(a, "head-3x3-256-33", conv(256, 33, 256, 3))
    z.layer(a, "head-1x1-256to21-33", pw(256, 33, 21))


def wavenet(z):
    # van den Oord et al., "WaveNet: A Generative Model for Raw Audio" (2016), sec. 2.1-2.4: causal
    # convolutions of filter width 2, dilations 1, 2, ..., 512 (repeated in stacks), gated
    # activations, residual and skip 1x1 convs, 256 mu-law levels in and out. The paper gives no
    # channel counts; here 64 residual channels (filter and gate as one 64 -> 128 conv), 256 skip
    # channels, one second of 16 kHz audio.
    a = "wavenet"
    n = 16000
    z.layer(a, "causal-k2-256to64", causal(256, n, 64, 2, 1))
    for d in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512):
        z.layer(a, f"dilated-k2-d{d}-64to128", causal(64, n, 128, 2, d))
    z.layer(a, "residual-1x1-64to64", {"op": "conv", "input": [64, n], "weight": [64, 64, 1], "stride": [1],
                                        "padding": [[0, 0]], "dilation": [1], "groups": 1})
    z.layer(a, "skip-1x1-64to256", {"op": "conv", "input": [64, n], "weight": [256, 64, 1], "stride": [1],
                                     "padding": [[0, 0]], "dilation": [1], "groups": 1})
    z.layer(a, "out-1x1-256to256", {"op": "conv", "input": [256, n], "weight": [256, 256, 1], "stride": [1],
                                     "padding": [[0, 0]], "dilation": [1], "groups": 1})


def tcn(z):
    # Bai, Kolter & Koltun, "An Empirical Evaluation of Generic Convolutional and Recurrent Networks
    # for Sequence Modeling" (2018); locuslab/TCN word_cnn (word-level Penn Treebank): kernel 3,
    # 4 levels with dilations 1, 2, 4, 8, 600 channels (emsize = nhid = 600), sequences of 80,
    # batch 16 for training; each level has two causal convs (padded (k-1)d, then chomped).
    a = "tcn"
    for d in (1, 2, 4, 8):
        z.layer(a, f"k3-d{d}-600-80", causal(600, 80, 600, 3, d))


def unet3d(z):
    # Cicek et al., "3D U-Net: Learning Dense Volumetric Segmentation from Sparse Annotation" (MICCAI
    # 2016), figure 1: 3x3x3 convs (32 -> 64, 64 -> 128, 128 -> 256, 256 -> 512 channels, doubled
    # before each 2x2x2 s2 max pooling), 2x2x2 s2 up-convolutions keeping the channels, 3x3x3 convs on
    # the concatenation, a final 1x1x1 to 3 labels, 3 input channels. The paper's tile is
    # 132x132x116 unpadded (about 1.5 TFLOP a pass, minutes per case here); this keeps its channel
    # widths and layers but pads 1 (as most reimplementations do, e.g. wolny/pytorch-3dunet) on a
    # 24x24x24 tile, so that each level halves exactly (24/12/6/3).
    a = "unet3d"
    cin, s = 3, 24
    enc = [(32, 64), (64, 128), (128, 256), (256, 512)]
    for level, (c1, c2) in enumerate(enc, start=1):
        z.layer(a, f"e{level}-3x3x3-{cin}to{c1}-{s}", conv(cin, [s] * 3, c1, 3))
        z.layer(a, f"e{level}-3x3x3-{c1}to{c2}-{s}", conv(c1, [s] * 3, c2, 3))
        if level < 4:
            z.layer(a, f"maxpool{level}-2x2x2-{c2}-{s}", pool("max", c2, [s] * 3, 2))
            s //= 2
        cin = c2
    for level in (3, 2, 1):
        skip = enc[level - 1][1]
        z.layer(a, f"up{level}-2x2x2-s2-{cin}-{s}", convt(cin, [s] * 3, cin, 2, 2))
        s *= 2
        z.layer(a, f"d{level}-3x3x3-{cin + skip}to{skip}-{s}",
                conv(cin + skip, [s] * 3, skip, 3))
        z.layer(a, f"d{level}-3x3x3-{skip}to{skip}-{s}", conv(skip, [s] * 3, skip, 3))
        cin = skip
    z.layer(a, f"out-1x1x1-64to3-{s}", conv(64, [s] * 3, 3, 1, pad=0))


def inception3(z):
    # Szegedy et al., "Rethinking the Inception Architecture for Computer Vision" (CVPR 2016);
    # torchvision models/inception.py: every Inception module's pool branch is
    # avg_pool2d(kernel 3, stride 1, padding 1) (count_include_pad=True), on the 35x35 maps of
    # InceptionA (192, 256, 288 channels), the 17x17 of InceptionC (768) and the 8x8 of InceptionE
    # (1280, 2048). Also InceptionC's factorized 1x7 and 7x1 convs (c7 = 192, the last module).
    # Only these layers of the network are in the zoo.
    a = "inception3"
    for c, hw in [(192, 35), (256, 35), (288, 35), (768, 17), (1280, 8), (2048, 8)]:
        z.layer(a, f"avgpool-3x3-s1-{c}-{hw}", pool("avg", c, hw, 3, stride=1, pad=1))
    z.layer(a, "1x7-192-17", conv(192, 17, 192, [1, 7], pad=[0, 3]))
    z.layer(a, "7x1-192-17", conv(192, 17, 192, [7, 1], pad=[3, 0]))


def googlenet(z):
    # Szegedy et al., "Going Deeper with Convolutions" (CVPR 2015), table 1; torchvision
    # models/googlenet.py: each Inception module's pool branch is a 3x3 s1 p1 max pool (ceil_mode
    # does not change a stride-1 output) on 28x28 (3a 192, 3b 256), 14x14 (4a 480, 4b-4d 512, 4e 528)
    # and 7x7 (5a 832). Only these pooling layers of the network are in the zoo.
    a = "googlenet"
    for c, hw in [(192, 28), (256, 28), (480, 14), (512, 14), (528, 14), (832, 7)]:
        z.layer(a, f"maxpool-3x3-s1-{c}-{hw}", pool("max", c, hw, 3, stride=1, pad=1))


def densenet121(z):
    # Huang et al., "Densely Connected Convolutional Networks" (CVPR 2017), table 1; torchvision
    # models/densenet.py _Transition: 1x1 conv halving the channels, then AvgPool2d(2, stride=2),
    # after dense blocks 1-3 (256 @ 56, 512 @ 28, 1024 @ 14). Only the transitions are in the zoo.
    a = "densenet121"
    for i, (c, hw) in enumerate([(256, 56), (512, 28), (1024, 14)], start=1):
        z.layer(a, f"trans{i}-1x1-{c}to{c // 2}-{hw}", pw(c, hw, c // 2))
        z.layer(a, f"trans{i}-avgpool-2x2-{c // 2}-{hw}", pool("avg", c // 2, hw, 2))


def mnist(z):
    # The PyTorch example mnist/main.py: Conv2d(1, 32, 3), Conv2d(32, 64, 3) unpadded on 28x28,
    # max_pool2d(2), trained at batch 64.
    a = "mnist"
    z.layer(a, "conv1-3x3-1to32-28", conv(1, 28, 32, 3, pad=0))
    z.layer(a, "conv2-3x3-32to64-26", conv(32, 26, 64, 3, pad=0))
    z.layer(a, "maxpool-2x2-64-24", pool("max", 64, 24, 2))


def images(z):
    # Filtering jobs, batch 1 (one image a call): RGB frames with each channel its own filter
    # (groups = 3): a 5x5 on 1080p (1920x1080), a 9x9 on 4K UHD (3840x2160), uniform random kernels
    # (not separable), and a 15x15 Gaussian on 1080p (weight_kind gaussian: sigma = k/6, rank 1); a
    # one-channel 9x9 filter on a 4K frame; a 2x2 average-pooling downsample of a 4K frame (an image
    # pyramid's step). (PyTorch 1.13 takes 3-4 s a call for a grouped 5x5 or 9x9 on a 4K RGB frame,
    # and minutes for the 15x15: larger jobs would be the whole run.)
    a = "image"
    one = [1]
    hd, uhd = [1080, 1920], [2160, 3840]
    z.layer(a, "rgb-1080p-5x5", conv(3, hd, 3, 5, groups=3), one)
    z.layer(a, "rgb-4k-9x9", conv(3, uhd, 3, 9, groups=3), one)
    z.layer(a, "rgb-1080p-gaussian-15x15", conv(3, hd, 3, 15, groups=3, weight_kind="gaussian"), one)
    z.layer(a, "gray-4k-9x9", conv(1, uhd, 1, 9), one)
    z.layer(a, "rgb-4k-avgpool-2x2", pool("avg", 3, uhd, 2), one)


def signals(z):
    # FIR filters: 255 and 1023 taps ("same" padding, (k-1)/2 each side) on 2^20 samples (about 22 s
    # of 48 kHz audio), one channel, and a 63-tap filter on each channel of a stereo signal.
    a = "signal"
    n = 1 << 20
    for taps in (255, 1023):
        z.layer(a, f"fir-{taps}-1m", {"op": "conv", "input": [1, n], "weight": [1, 1, taps], "stride": [1],
                                      "padding": [[taps // 2, taps // 2]], "dilation": [1], "groups": 1}, [1])
    z.layer(a, "fir-63-stereo-1m", {"op": "conv", "input": [2, n], "weight": [2, 1, 63], "stride": [1],
                                    "padding": [[31, 31]], "dilation": [1], "groups": 2}, [1])


def training(z):
    # Training steps (forward, input gradient, weight gradient) of a subset of the layers above.
    z.train("smallcnn", "3x3-16", conv(16, 28, 16, 3), 32)  # issue 10's case: 16 channels on 28x28, batch 32
    z.train("mnist", "conv2-3x3-32to64-26", conv(32, 26, 64, 3, pad=0), 64)  # mnist/main.py trains at batch 64
    z.train("resnet18", "l1-3x3-64", conv(64, 56, 64, 3), 8)
    z.train("resnet18", "l2-3x3-128", conv(128, 28, 128, 3), 16)
    z.train("resnet18", "l3-3x3-256", conv(256, 14, 256, 3), 32)
    z.train("resnet18", "l4-3x3-512", conv(512, 7, 512, 3), 32)
    z.train("resnet18", "l2-3x3-s2-64to128", conv(64, 56, 128, 3, stride=2), 8)
    z.train("resnet50", "l1-1x1-256to64", pw(256, 56, 64), 8)
    z.train("resnext50", "l2-3x3-g32-256", conv(256, 28, 256, 3, groups=32), 8)
    z.train("mobilenetv2", "dw3-144-56", dw(144, 56, 3), 8)
    z.train("mobilenetv2", "dw3-96-s2-112", dw(96, 112, 3, 2), 8)
    z.train("tcn", "k3-d4-600-80", causal(600, 80, 600, 3, 4), 16)  # word_cnn trains at batch 16
    z.train("wavenet", "dilated-k2-d8-64to128", causal(64, 16000, 128, 2, 8), 8)
    z.train("unet3d", "d3-3x3x3-256to256-6", conv(256, [6, 6, 6], 256, 3), 4)


# Networks whose layers are folded by kind (see Zoo.add); the others keep every distinct layer.
FOLDED = {"mobilenetv2", "inception3", "googlenet", "densenet121"}

NETWORKS = [resnet18, resnet50, resnext50, mobilenetv2, mobilenetv3, efficientnet_b0, vgg16, unet, dcgan, deeplabv3,
            wavenet, tcn, unet3d, inception3, googlenet, densenet121, mnist, images, signals, training]

ABOUT = ("The layers of published networks, and image and signal filtering jobs, for timing convkit against "
         "PyTorch and ONNX Runtime side by side: generated by bench/zoo.py, which cites the source of every "
         "network's shapes. Each distinct layer is one case at batch 1 and batch 8 (a smaller second batch for the "
         "few layers whose batch-8 call would pass 8 GFLOP or 256 MB), named <network>.<layer>-b<N>; conv_train_step cases "
         "are training steps of some of them. A layer that repeats, or that an earlier network has, is listed once, "
         "under the first. Same format as suite.json: float32 NCHW / NCL / NCDHW, weights in PyTorch's layouts, "
         "padding [before, after] per spatial dimension (causal 1-D layers pad only before), pooling padding "
         "symmetric, average pooling counting padding cells (count_include_pad=True on all sides).")


def build(every_width=False):
    z = Zoo(every_width)
    for net in NETWORKS:
        net(z)
    return z


def write(cases, path):
    # one case a line, as suite.json is written, so that a diff shows which layers changed
    lines = ["{", f'  "about": {json.dumps(ABOUT)},', '  "cases": [']
    for i, c in enumerate(cases):
        lines.append("    " + json.dumps(c) + ("," if i < len(cases) - 1 else ""))
    lines += ["  ]", "}", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(HERE, "zoo.json"))
    ap.add_argument("--list", action="store_true", help="print each case's GFLOP and the totals")
    ap.add_argument("--every-width", action="store_true",
                    help="keep layers that differ only in channel counts (about 575 cases instead of about 300; "
                         "a run of one side then takes over ten minutes)")
    a = ap.parse_args(argv)
    z = build(a.every_width)
    write(z.cases, a.out)
    if a.list:
        for c in z.cases:
            print(f"{c['name']:48s} {c['op']:16s} {flops(c) / 1e9:9.3f} GFLOP")
        for name, first in z.shared:
            print(f"  (same layer as {first}: {name})")
    archs = {}
    for c in z.cases:
        archs[c["name"].split(".")[0]] = archs.get(c["name"].split(".")[0], 0) + 1
    total = sum(flops(c) for c in z.cases)
    print(f"wrote {a.out}: {len(z.cases)} cases ({len(z.shared)} repeated layers folded), "
          f"{len(archs)} prefixes, {total / 1e9:.0f} GFLOP in all", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
