"""Chapter 15's BPTT demonstration (section 3) holds at any seed: the notebook's own function at
300 seeds.

The four regimes of the figure: vanishing gradients (W_y scale 0.5), exploding gradients in tanh's
linear regime (W_y scale 1.2, tiny inputs), saturation cutting the gradient (large inputs),
exploding ReLU outputs. NumPy only: the notebook's Keras imports are not loaded.
"""

from nbcode import notebook_functions

ns = notebook_functions("15_processing", "simple_rnn_forward", "rnn_gradient_profile",
                        "bptt_gradient_demo")


def test_bptt_regimes_hold_at_300_seeds():
    worst = {"vanishing": 0.0, "linear ||h||": 0.0, "exploding": float("inf"), "saturated": 1.0,
             "saturated gradient": 0.0}
    for seed in range(300):
        profiles = ns.bptt_gradient_demo(seed)
        g_small = profiles["tanh, W_y scale 0.5"][1][0]
        assert g_small < 1e-20, f"seed {seed}: scale-0.5 gradient {g_small:.1e} does not vanish"
        h_lin, g_lin, _ = profiles["tanh, W_y scale 1.2, tiny inputs"]
        assert h_lin.max() < 0.17, (
            f"seed {seed}: tiny-input states leave the linear regime ({h_lin.max():.2f})")
        assert g_lin[0] > 1e6, (
            f"seed {seed}: linear-regime gradient {g_lin[0]:.1e} does not explode")
        _, g_sat, frac_sat = profiles["tanh, large inputs"]
        assert frac_sat > 0.25, f"seed {seed}: only {frac_sat:.0%} of the states saturate"
        assert g_sat[0] < 1e-15, f"seed {seed}: saturated gradient {g_sat[0]:.1e} does not vanish"
        h_relu, g_relu, _ = profiles["ReLU, W_y = 1.2 I"]
        assert h_relu[-1] > 1e5 * h_relu[0], f"seed {seed}: ReLU outputs do not explode"
        assert g_relu[0] > 1e6, f"seed {seed}: ReLU gradient {g_relu[0]:.1e} does not explode"
        worst = {"vanishing": max(worst["vanishing"], g_small),
                 "linear ||h||": max(worst["linear ||h||"], h_lin.max()),
                 "exploding": min(worst["exploding"], g_lin[0]),
                 "saturated": min(worst["saturated"], frac_sat),
                 "saturated gradient": max(worst["saturated gradient"], g_sat[0])}
    print("worst over seeds 0-299:", {k: f"{v:.2g}" for k, v in worst.items()})
