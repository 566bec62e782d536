#!/usr/bin/python3
"""shared_prior.py - does a pair model regularised towards the shared model beat both?

On the reference split of a corpus (make_corpora.py: train.jsonl / test.jsonl), with the
scikit-learn reference's `strong` features (char_wb 1-4 + word 1-2 TF-IDF) for every model:
  shared   ONE multinomial logistic regression over all authors (C=10); a pair's answer is
           sigmoid(s_A - s_B), i.e. the weights w_A - w_B (eval_multinomial.py);
  pair     a binary logistic regression per pair (C=10, eval_sklearn.py --config strong);
  prior    a binary logistic regression per pair whose L2 penalty pulls the weights towards the
           shared model's w_A - w_B instead of towards 0:
           minimise sum log(1 + exp(-y (x.(w0 + v) + b0 + c))) + |v|^2 / (2 C), v and c free;
  warm     the pair objective (penalty towards 0) started from w0 and stopped after a few
           L-BFGS iterations (a "starts from the shared model" pair model).
Prints JSON: the mean pairwise accuracy of each on the test posts of every pair, and seconds.
Usage: shared_prior.py CORPUS_DIR [--C-prior 1,10,100] [--warm-iters 5] [--max-features N]
"""
import itertools, json, sys, time
import numpy as np
from scipy.optimize import minimize
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def load(path):
    xs, ys = [], []
    for line in open(path, encoding='utf-8'):
        r = json.loads(line)
        xs.append(r['text'])
        ys.append(r['screen_name'])
    return xs, np.array(ys)


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def fit_offset(X, y, w0, b0, C, start=None, maxiter=500, towards_zero=False):
    """Binary LR on X (y in {-1, +1}) with the margin x.w0 + b0 fixed and v, c fitted; the
    penalty is |v|^2 / 2C (towards_zero: |w0 + v|^2 / 2C, the plain pair objective)."""
    n = X.shape[1]
    p0 = np.zeros(n + 1) if start is None else start

    def f(p):
        v, c = p[:n], p[n]
        z = X @ (w0 + v) + b0 + c
        m = -y * z
        loss = np.logaddexp(0, m).sum()
        s = -y * (1 / (1 + np.exp(-m)))            # d loss / d z
        pen_w = (w0 + v) if towards_zero else v
        g = np.empty(n + 1)
        g[:n] = X.T @ s + pen_w / C
        g[n] = s.sum()
        return loss + pen_w @ pen_w / (2 * C), g

    r = minimize(f, p0, jac=True, method='L-BFGS-B', options={'maxiter': maxiter})
    return r.x[:n], r.x[n]


def accuracy(z, y):
    return float(((z >= 0) == (y > 0)).mean())


def main():
    d = sys.argv[1]
    c_priors = [float(c) for c in arg('--C-prior', '1,10,100').split(',')]
    warm_iters = int(arg('--warm-iters', '5'))
    max_features = int(arg('--max-features', '0')) or None
    trx, trY = load(f'{d}/train.jsonl')
    tex, teY = load(f'{d}/test.jsonl')
    t0 = time.perf_counter()
    vc = TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 4), sublinear_tf=True, lowercase=False,
                         max_features=max_features)
    vw = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r'(?u)[@#]?\b\w+\b|[^\w\s]',
                         max_features=max_features)
    Xtr = hstack([vc.fit_transform(trx), vw.fit_transform(trx)]).tocsr()
    Xte = hstack([vc.transform(tex), vw.transform(tex)]).tocsr()
    shared = LogisticRegression(C=10, max_iter=300, solver='lbfgs').fit(Xtr, trY)
    shared_s = time.perf_counter() - t0
    idx = {c: i for i, c in enumerate(shared.classes_)}
    W, B = shared.coef_, shared.intercept_
    acc = {'shared': [], 'pair': [], 'warm': []}
    acc.update({f'prior_C{c:g}': [] for c in c_priors})
    t1 = time.perf_counter()
    for a, b in itertools.combinations(sorted(idx), 2):
        mtr, mte = (trY == a) | (trY == b), (teY == a) | (teY == b)
        X, y = Xtr[mtr], np.where(trY[mtr] == a, 1.0, -1.0)
        Xt, yt = Xte[mte], np.where(teY[mte] == a, 1.0, -1.0)
        w0, b0 = W[idx[a]] - W[idx[b]], B[idx[a]] - B[idx[b]]
        acc['shared'].append(accuracy(Xt @ w0 + b0, yt))
        pair = LogisticRegression(C=10, max_iter=1000, solver='lbfgs').fit(X, y)
        acc['pair'].append(accuracy(pair.decision_function(Xt), yt))
        for c in c_priors:
            v, cc = fit_offset(X, y, w0, b0, c)
            acc[f'prior_C{c:g}'].append(accuracy(Xt @ (w0 + v) + b0 + cc, yt))
        v, cc = fit_offset(X, y, w0, b0, 10, maxiter=warm_iters, towards_zero=True)
        acc['warm'].append(accuracy(Xt @ (w0 + v) + b0 + cc, yt))
    out = dict(corpus=d, authors=len(idx), pairs=len(acc['pair']), features=Xtr.shape[1],
               shared_fit_seconds=round(shared_s, 1), pair_seconds=round(time.perf_counter() - t1, 1),
               warm_iters=warm_iters)
    out['mean_pair_acc'] = {k: round(float(np.mean(v)), 4) for k, v in acc.items()}
    best = max((k for k in acc if k.startswith('prior')), key=lambda k: np.mean(acc[k]))
    out['prior_best'] = best
    out['prior_beats_both_pairs'] = int(sum(p > max(s, q) for p, s, q in zip(acc[best], acc['shared'], acc['pair'])))
    out['prior_worse_than_either_pairs'] = int(sum(p < min(s, q) for p, s, q in zip(acc[best], acc['shared'], acc['pair'])))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
