"""Published truth-discovery baselines, for comparison only: majority vote, TruthFinder
(Yin et al. 2007) and ACCU/DEPEN (Dong et al. 2009). Not used by the service."""
