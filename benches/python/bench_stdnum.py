"""python-stdnum's USCC validator over the benchmark inputs.

    PYTHONPATH=benches/.py-deps python3 benches/python/bench_stdnum.py DATA_DIR OUT_JSON [RUNS]

Reads DATA_DIR/inputs.txt (one input per line, UTF-8), labels.txt and rules.json (written by
benches/js/gen_inputs.mjs), times `stdnum.cn.uscc.is_valid` over every input (one warm-up
run, then RUNS timed runs), and writes rates, accepted counts and the rules verdicts as JSON
for benches/js/bench.mjs to print. The inputs are passed exactly as read: no normalisation.
"""

import gc
import json
import platform
import statistics
import sys
import time
from importlib.metadata import version

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError


def main():
    data_dir, out_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(f'{data_dir}/inputs.txt', encoding='utf-8', newline='\n') as f:
        inputs = f.read().split('\n')
    with open(f'{data_dir}/labels.txt', encoding='utf-8') as f:
        labels = f.read().split('\n')
    with open(f'{data_dir}/rules.json', encoding='utf-8') as f:
        rules = json.load(f)
    if inputs and inputs[-1] == '':
        inputs.pop()
    if labels and labels[-1] == '':
        labels.pop()
    assert len(inputs) == len(labels), 'inputs.txt and labels.txt differ in length'
    n = len(inputs)

    is_valid = uscc.is_valid

    def once():
        return [is_valid(s) for s in inputs]

    once()  # warm-up
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        result = once()
        times.append(time.perf_counter() - t0)

    by_label = {}
    for ok, label in zip(result, labels):
        by_label[label] = by_label.get(label, 0) + (1 if ok else 0)

    verdicts = []
    for case in rules:
        try:
            uscc.validate(case['input'])
            verdicts.append({'accepted': True, 'detail': ''})
        except ValidationError as e:
            verdicts.append({'accepted': False, 'detail': type(e).__name__})

    out = {
        'name': 'python-stdnum',
        'version': version('python-stdnum'),
        'api': 'stdnum.cn.uscc.is_valid',
        'python': platform.python_version(),
        'n': n,
        'times': times,
        'rate': n / statistics.median(times),
        'accepted': sum(result),
        'byLabel': by_label,
        'rules': verdicts,
    }
    with open(out_path, 'w', encoding='utf-8') as f:
        json.dump(out, f)
    print(f'python-stdnum {out["version"]}: {out["rate"]:,.0f} codes/s '
          f'(median of {runs}: {", ".join(f"{t:.2f}" for t in times)} s)', file=sys.stderr)


if __name__ == '__main__':
    main()
