/**
 * Choosing an algorithm: {@link org.convkit.plan.Planner} ranks the algorithms that can compute a
 * pass by their cost models, rescaled by the machine's {@link org.convkit.plan.Tuning}, and returns
 * a {@link org.convkit.plan.Plan} that says which and why; a choice is a pure function of (problem,
 * pass, options, tuning). {@link org.convkit.plan.TuningMeasurement} measures a tuning
 * ({@code convkit tune}); {@link org.convkit.plan.MeasuredPlanner} is the optional per-problem trial.
 */
package org.convkit.plan;
