"""What an import tells the officer, as codes rendered in the officer's language.

An importer records a `Note` (a code and its arguments, or several joined), never a finished
sentence: the same note reads in English for the CLI and an English assessment, and in Japanese
for a Japanese one. English renders exactly as the importers always wrote it (golden cases and
signed records keep their bytes); Japanese follows docs/glossary.md. A question id given as an
argument (`q`, `qs`) is shown by its title when the caller knows the titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Union

from osai_procure.models.base import Lang

# code -> (English, Japanese). English templates may use !r where the importers quoted with repr.
MESSAGES: dict[str, tuple[str, str]] = {
    "text": ("{text}", "{text}"),
    # The frame of every imported answer's note.
    "frame": (
        "Imported from {label} {file}: {detail}",
        "{label}「{file}」から取り込みました。{detail}",
    ),
    "confirm": ("Needs confirmation by an officer.", "担当者の確認が必要です。"),
    # Licences.
    "licence.normalised": (
        "licence {raw!r} normalised to {normalized}",
        "ライセンス「{raw}」を {normalized} と読みました",
    ),
    "licence.unrecognised": (
        "licence {raw!r} is not an SPDX expression or a catalogued licence; kept as written for "
        "an officer to judge",
        "ライセンス「{raw}」はSPDX式でも登録済みのライセンスでもないため、記載のまま残しました。"
        "担当者が判断してください",
    ),
    "licence.kind": (
        "licence {raw!r} read as {kind}",
        "ライセンス「{raw}」を{kind_ja}と読みました",
    ),
    "licence.as_written": (
        "licence as written {raw!r} ({where})",
        "記載されたライセンスは「{raw}」（{where}）",
    ),
    "licence.no_terms": (
        "licence {raw!r} records no licence: terms unknown",
        "「{raw}」はライセンスの記録がないことを示すため、条件は不明です",
    ),
    "question.not_in_policy": (
        "question {q!r} is not in policy {policy}; its imported answer was left out",
        "質問「{q}」はポリシー {policy} にないため、取り込んだ回答を除きました",
    ),
    "kept_answer": (
        "kept the assessment's answer {current}; the import says {imported}",
        "評価の回答 {current} を残しました。取り込んだ記録では {imported} です",
    ),
    # OSAID inferences.
    "infer.terms": (
        "inferred from terms the record gives (licence red flags or other terms): {terms}",
        "記録が示す条件（ライセンスの注意点その他の条件）から推定しました: {terms}",
    ),
    "infer.flag": ("{flag} ({qs})", "{flag_ja}（{qs}）"),
    "infer.other_term": ("{term} ({fields})", "{term}（{fields}）"),
    "infer.untold": (
        "{qs} cannot be read from this {record}{why}: left unknown",
        "{qs}はこの{record_ja}から読み取れないため、不明のままにしました{why_ja}",
    ),
    "infer.why": (
        " (not shown released under accepted terms: {missing})",
        "（受入れ可能な条件での公開が示されていないもの: {missing}）",
    ),
    "infer.data_detail": (
        "the detail of the data information ({qs}) cannot be read from this {record}: left unknown",
        "データ情報の詳細（{qs}）はこの{record_ja}から読み取れないため、不明のままにしました",
    ),
    "infer.skilled_person": (
        "whether a skilled person could build a substantially equivalent system is a reviewer's "
        "judgement: left unanswered",
        "熟練者が実質的に同等のシステムを構築できるかは確認者の判断のため、未回答のままにしました",
    ),
    "infer.code_in_training": (
        "inferred: the {record} does not list this code separately (the Model Openness "
        "Framework has no such component, or makes it optional); it is read as part of the "
        "released training code, under the same terms; record its own location and licence",
        "推定: {record_ja}はこのコードを別に挙げていません（Model Openness Framework に該当する"
        "構成要素がないか、任意の要素です）。公開されたトレーニング用コードの一部として同じ条件で"
        "読みました。このコード自体の所在とライセンスを記録してください",
    ),
    "infer.complete": (
        "inferred: the {record} shows every component the OSI checklist requires released under "
        "terms the policy accepts, with no licence red flags",
        "推定: {record_ja}は、OSIのチェックリストが求める全ての構成要素が、ポリシーが受け入れる"
        "条件で、ライセンスの注意点なく公開されていることを示しています",
    ),
    "infer.complete_judgement": (
        "inferred: the {record} shows every component the OSI checklist requires released under "
        "terms the policy accepts, with no licence red flags; this is the reviewer's judgement "
        "to confirm or change",
        "推定: {record_ja}は、OSIのチェックリストが求める全ての構成要素が、ポリシーが受け入れる"
        "条件で、ライセンスの注意点なく公開されていることを示しています。確認者が確認又は変更する"
        "判断です",
    ),
    "infer.data_info": (
        "inferred: the {record} shows the training datasets, a data card and a research paper or "
        "technical report released under accepted terms; the record cannot show that their "
        "detail suffices, so check it",
        "推定: {record_ja}は、トレーニングデータセット、データ・カード及び研究論文又は技術レポート"
        "が受入れ可能な条件で公開されていることを示しています。詳細が十分かは記録から分からない"
        "ため、確認してください",
    ),
    "infer.data_classes": (
        "inferred: the {record} shows the training datasets released under accepted terms (open "
        "data); confirm that no other class of training data was used",
        "推定: {record_ja}は、トレーニングデータセットが受入れ可能な条件で公開されていること"
        "（オープンなデータ）を示しています。他の種類のトレーニングデータを使っていないことを確認"
        "してください",
    ),
    "infer.rationale_note": (
        "inferred rationale; replace it with the reviewer's own",
        "推定した理由です。確認者自身の理由に置き換えてください",
    ),
    "infer.rationale": (
        "Inferred from the {record} {file}: every component the OSI checklist requires is "
        "released under accepted terms (code, parameters, datasets, data card and paper or "
        "report). Not yet judged by a reviewer.",
        "{record_ja}「{file}」から推定: OSIのチェックリストが求める全ての構成要素（コード、"
        "パラメーター、データセット、データ・カード及び論文又はレポート）が受入れ可能な条件で公開"
        "されています。確認者はまだ判断していません。",
    ),
    "infer.done": (
        "the four freedoms, the data information (1)(a)-(e), the training data classes and the "
        "skilled-person judgement were inferred from a complete, openly licensed {record}; the "
        "verdict rests on these imported answers until an officer confirms them",
        "四つの自由、データ情報 (1)(a)〜(e)、トレーニングデータの種類及び熟練者の判断を、全てが"
        "オープンな条件で公開された{record_ja}から推定しました。担当者が確認するまで、判定はこれらの"
        "取り込んだ回答に基づきます",
    ),
    # Hugging Face model card.
    "hf.card_is_readme": (
        "the model card is the README itself",
        "モデル・カードはREADMEそのものです",
    ),
    "hf.no_licence": ("the card gives no licence", "カードにライセンスの記載がありません"),
    "hf.no_licence_warn": (
        "the card gives no licence (`license`); the terms are not stated",
        "カードにライセンス（license）の記載がなく、条件が示されていません",
    ),
    "hf.weights": (
        "a model card describes released weights; the repository licence applies to them",
        "モデル・カードは公開された重みを説明するもので、リポジトリのライセンスが重みに適用されます",
    ),
    "hf.no_location": (
        "the repository URL is not in the card, so no location is recorded",
        "カードにリポジトリのURLがないため、所在は記録していません",
    ),
    "hf.results": (
        "the card's model-index reports evaluation results",
        "カードの model-index に評価結果があります",
    ),
    "hf.gated": (
        "downloads are gated (extra_gated_*): users must ask for or accept terms before access, "
        "which denies using and sharing the system without asking permission",
        "ダウンロードは制限されています（extra_gated_*）。利用者は入手前に申請又は条件への同意が"
        "必要で、許可を得ることなく使用・共有することができません",
    ),
    "hf.card_only": (
        "code, training data and the other components cannot be read from a model card: left "
        "unanswered",
        "コード、トレーニングデータその他の構成要素はモデル・カードから読み取れないため、未回答の"
        "ままにしました",
    ),
    "hf.link_path": (
        "license_link {link!r} is a path in the repository, not a URL",
        "license_link「{link}」はURLではなくリポジトリ内のパスです",
    ),
    "hf.many_licences": (
        "the card lists {n} licences; read as all applying (AND)",
        "カードに{n}件のライセンスがあり、全てが適用される（AND）と読みました",
    ),
    "hf.no_datasets": (
        "the card names no training datasets (`datasets`)",
        "カードにトレーニングデータセット（datasets）の記載がありません",
    ),
    "hf.not_dataset": (
        "dataset {dataset!r} is not a Hugging Face dataset id; ignored",
        "データセット「{dataset}」は Hugging Face のデータセットIDではないため、無視しました",
    ),
    "hf.datasets": (
        "the card names {n} dataset(s): {names}; whether they are all of the training data, "
        "released by the producer and under which terms is not stated",
        "カードは{n}件のデータセットを挙げています（{names}）。これがトレーニングデータの全てか、"
        "提供者が公開したものか、どの条件によるかは示されていません",
    ),
    "hf.base_model": (
        "the card names its base model{how}: {models}",
        "カードはベースモデルを挙げています{how_ja}: {models}",
    ),
    "hf.base_model_field": ("the card's base_model", "カードの base_model"),
    "hf.base_model_page": (
        "the base model's own hub page, named by the card's base_model",
        "カードの base_model が示すベースモデル自体の Hub のページ",
    ),
    "hf.derived": (
        "the model is derived{how} from {models}: the base model's components and terms matter "
        "too; import its record and assess them",
        "このモデルは {models} から派生しています{how_ja}。ベースモデルの構成要素と条件も関係する"
        "ため、その記録を取り込んで評価してください",
    ),
    # Model Openness Tool.
    "mot.optional_unlisted": (
        "{component} is optional in the Model Openness Framework and not listed: the record does "
        "not say whether it was released; left unanswered",
        "Model Openness Framework の任意の要素で、記載がありません。公開の有無が記録から"
        "分からないため、未回答のままにしました",
    ),
    "mot.no_framework": (
        "the file has no `framework` block; read as Model Openness Framework 1.0",
        "ファイルに「framework」の記載がないため、Model Openness Framework 1.0 として読みました",
    ),
    "mot.no_framework_version": (
        "framework.version is missing; read as Model Openness Framework 1.0",
        "「framework.version」の記載がないため、Model Openness Framework 1.0 として読みました",
    ),
    "mot.url_ignored": (
        "release.{key} {value!r} is not an http(s) URL; ignored",
        "release.{key} の「{value}」は「http://」又は「https://」で始まる URL ではないため、"
        "使いませんでした",
    ),
    "mot.licence_string": (
        "release.license is a plain string; read as the distribution licence",
        "release.license が対応付けではなく文字列のため、配布物のライセンスとして読みました",
    ),
    "mot.unknown_component": (
        "release.components[{index}]: {name!r} is not a Model Openness Framework component; "
        "ignored",
        "release.components[{index}] の「{name}」は Model Openness Framework の構成要素では"
        "ないため、使いませんでした",
    ),
    "mot.unknown_component.suggest": (
        "release.components[{index}]: {name!r} is not a Model Openness Framework component "
        "(did you mean {suggestion!r}?); ignored",
        "release.components[{index}] の「{name}」は Model Openness Framework の構成要素では"
        "ないため、使いませんでした（「{suggestion}」の誤りではありませんか）",
    ),
    "mot.component_twice": (
        "release.components[{index}]: {name!r} is listed again (first at item {first}); the "
        "first entry is used",
        "release.components[{index}] の「{name}」は release.components[{first}] にも記載されて"
        "います。最初の記載を使いました",
    ),
    "mot.too_many_components": (
        "the file lists {count} components; the framework has {limit}",
        "ファイルには {count} 個の構成要素が記載されていますが、Model Openness Framework の"
        "構成要素は {limit} 個です",
    ),
    "mot.path_not_url": ("{key} {path!r} is not a URL", "{key}「{path}」はURLではありません"),
    "mot.hub_shows": (
        "the model's own hub page {hub} (release.huggingface) shows the weights",
        "モデル自体の Hub のページ {hub}（release.huggingface）が重みを示しています",
    ),
    "mot.licence_path_not_url": (
        "license_path {path!r} is not a URL",
        "license_path「{path}」はURLではありません",
    ),
    "mot.not_released": (
        "the licence field says {own}: the component was not released",
        "ライセンス欄が {own} のため、この構成要素は公開されていません",
    ),
    "mot.read_not_released": (
        "{component}: {own!r} read as not released",
        "「{own}」を公開されていないと読みました",
    ),
    "mot.unlicensed_no_location": (
        "listed with licence {own} (no licence recorded) and no location: the record does not "
        "show that it was published, nor under which terms",
        "ライセンス {own}（ライセンスの記録なし）で所在もなく記載されています。公開されたこと"
        "も、その条件も記録から分かりません",
    ),
    "mot.unlicensed": (
        "listed as released; licence as written {own}: no licence was recorded, so its terms are "
        "unknown (not closed)",
        "公開済みとして記載。記載されたライセンスは {own} で、ライセンスが記録されていないため"
        "条件は不明です（非公開の条件という意味ではありません）",
    ),
    "mot.not_specified": (
        "listed as released; licence as written {own}: terms not stated",
        "公開済みとして記載。記載されたライセンスは {own} で、条件が示されていません",
    ),
    "mot.warn_not_specified": (
        "{component}: released, but its licence is not specified",
        "公開済みですが、ライセンスが特定されていません",
    ),
    "mot.no_licence_anywhere": (
        "listed as released; no licence is given, here or globally",
        "公開済みとして記載。ライセンスは、この要素にも全体にも示されていません",
    ),
    "mot.warn_no_licence": (
        "{component}: released, but no licence is given",
        "公開済みですが、ライセンスが示されていません",
    ),
    "mot.proprietary": (
        "marked proprietary with no location to obtain it: read as not published",
        "独自の条件とされ、入手先の所在もないため、公開されていないと読みました",
    ),
    "mot.warn_proprietary": (
        "{component}: proprietary with no location, read as not released",
        "独自の条件で所在もないため、公開されていないと読みました",
    ),
    "mot.both_licence": (
        "{component}: both license and license_name are given; license is used",
        "license と license_name の両方があるため、license を使いました",
    ),
    "mot.inherited": (
        "listed as released with no licence of its own; licence {raw!r} inherited from {where}",
        "公開済みとして記載され、要素自体のライセンスはありません。{where} のライセンス「{raw}」"
        "を引き継ぎました",
    ),
    "mot.hub_unlisted": (
        "not listed as a component, but the model's own hub page {hub} (release.huggingface) "
        "shows the weights published",
        "構成要素としての記載はありませんが、モデル自体の Hub のページ {hub}"
        "（release.huggingface）が重みの公開を示しています",
    ),
    "mot.no_licence_given": (
        "no licence is given, here or globally",
        "ライセンスは、この要素にも全体にも示されていません",
    ),
    "mot.no_component": (
        "the Model Openness Framework has no component for this: left unanswered",
        "Model Openness Framework にこれに当たる構成要素がないため、未回答のままにしました",
    ),
    "mot.listed_released": (
        "listed as released; licence as written {raw!r} ({where})",
        "公開済みとして記載。記載されたライセンスは「{raw}」（{where}）",
    ),
    "mot.untold": (
        "the record does not say whether these were released; left unknown for the vendor or an "
        "officer to answer: {qs}",
        "次の要素は公開の有無が記録から分からないため、提供者又は担当者が回答するまで不明のままに"
        "しました: {qs}",
    ),
    "mot.pretrained": (
        "release.treatment says the model is pre-trained, not derived from another",
        "release.treatment によると、このモデルは事前学習済みで、他のモデルから派生していません",
    ),
    "mot.treatment": (
        "release.treatment says the model is {treatment}",
        "release.treatment によると、このモデルは {treatment} です",
    ),
    "mot.origin": (
        "release.origin names the model it was derived from",
        "release.origin が派生元のモデルを示しています",
    ),
    "mot.origin_only": (
        "release.origin is {origin!r}, but without release.treatment the record does not say "
        "whether the model was derived from it: base_model_used left unknown",
        "release.origin は「{origin}」ですが、release.treatment がないため、このモデルが派生した"
        "ものかは記録から分かりません。ベースモデルの使用は不明のままにしました",
    ),
    "mot.no_origin": (
        "the record does not name the base model (release.origin)",
        "記録にベースモデル（release.origin）の記載がありません",
    ),
    # CycloneDX ML-BOM.
    "cdx.many_models": (
        "the BOM has {n} models; imported {model!r}, left out {others}",
        "BOMに{n}件のモデルがあります。「{model}」を取り込み、{others} は除きました",
    ),
    "many_licences": (
        "{n} licences are listed; read as all applying (AND)",
        "{n}件のライセンスが記載されており、全てが適用される（AND）と読みました",
    ),
    "cdx.model": (
        "machine-learning-model component {name!r}",
        "機械学習モデルの構成要素「{name}」を読みました",
    ),
    "written": ("licence as written {raw!r}", "記載されたライセンスは「{raw}」です"),
    "no_licence_listed": ("no licence is listed", "ライセンスの記載はありません"),
    "cdx.no_distribution": (
        "it has no distribution reference, so the BOM does not show it published",
        "配布場所の参照がないため、公開されたことはBOMから分かりません",
    ),
    "cdx.model_no_licence": (
        "the model component lists no licence: its terms are not stated",
        "モデルの構成要素にライセンスの記載がなく、条件が示されていません",
    ),
    "cdx.card_inline": (
        "the BOM carries a model card (modelCard); its own terms are not stated",
        "BOMにモデル・カード（modelCard）があります。カード自体の条件は示されていません",
    ),
    "cdx.card_ref": (
        "the BOM carries a model card reference; its own terms are not stated",
        "BOMにモデル・カードへの参照があります。カード自体の条件は示されていません",
    ),
    "cdx.metrics": (
        "the model card reports {n} performance metric(s); their terms are not stated",
        "モデル・カードに{n}件の性能指標があります。その条件は示されていません",
    ),
    "cdx.parameter": (
        "modelCard.modelParameters.{key}: {value!r}",
        "modelCard.modelParameters.{key}:「{value}」",
    ),
    "cdx.dangling_dataset": (
        "modelCard dataset ref {ref!r} names no data component",
        "modelCard のデータセット参照「{ref}」に当たるデータの構成要素がありません",
    ),
    "cdx.loose_data": (
        "{n} data component(s) are not referenced by the model card; read as training data",
        "モデル・カードが参照していないデータの構成要素が{n}件あり、トレーニングデータと読みました",
    ),
    "cdx.no_data": (
        "the BOM lists no training data",
        "BOMにトレーニングデータの記載がありません",
    ),
    "no_licence_for": (
        "no licence is stated for: {names}",
        "次のもののライセンスが示されていません: {names_ja}",
    ),
    "training_data": ("training data: {names}", "トレーニングデータ: {names_ja}"),
    "cdx.data_unplaced": (
        "not every dataset has a location, so its release is not shown",
        "所在のないデータセットがあるため、公開は示されていません",
    ),
    # SPDX 3 AI package.
    "spdx.many_models": (
        "the document has {n} AI packages; imported {model!r} and left out {others}",
        "文書に{n}件のAIパッケージがあります。「{model}」を取り込み、{others} は除きました",
    ),
    "spdx.loose_data": (
        "{n} dataset package(s) are not linked to the model by trainedOn or testedOn; read as "
        "training data",
        "trainedOn 又は testedOn でモデルに結び付いていないデータセット・パッケージが{n}件あり、"
        "トレーニングデータと読みました",
    ),
    "spdx.unreadable": (
        "{kind} is NOASSERTION or cannot be read",
        "{kind} は NOASSERTION であるか、読み取れません",
    ),
    "spdx.relationship": ("{kind} {value!r}", "{kind}「{value}」"),
    "spdx.noassertion": ("{kind} is NOASSERTION", "{kind} は NOASSERTION です"),
    "spdx.no_relationship": ("no licence relationship", "ライセンスの関係の記載なし"),
    "spdx.non_standard": (
        "licence read from the non-standard property {key}",
        "標準外のプロパティ {key} からライセンスを読みました",
    ),
    "spdx.terms_unstated": (
        "the AI package's terms are not stated ({how})",
        "AIパッケージの条件が示されていません（{how}）",
    ),
    "spdx.package": (
        "the AI package {name!r} is listed",
        "AIパッケージ「{name}」が記載されています",
    ),
    "spdx.licence_from": ("licence from {how}", "ライセンスの根拠: {how}"),
    "spdx.no_download": (
        "it has no download location, so the document does not show it published",
        "ダウンロード場所がないため、公開されたことは文書から分かりません",
    ),
    "spdx.no_datasets": (
        "the document lists no {role} dataset package",
        "文書に{role_ja}用のデータセット・パッケージの記載がありません",
    ),
    "spdx.datasets": (
        "{role} dataset package(s): {names}",
        "{role_ja}用のデータセット・パッケージ: {names_ja}",
    ),
    "spdx.datasets_unplaced": (
        "not every dataset has a download location, so its release is not shown",
        "ダウンロード場所のないデータセットがあるため、公開は示されていません",
    ),
    "spdx.undescribed": (
        "not every training dataset describes {what} ({prop}): left unknown",
        "{what_ja}（{prop}）を記述していないトレーニング用データセットがあるため、不明のままに"
        "しました",
    ),
    "spdx.described": (
        "every training dataset package describes {what} ({prop}): {excerpt!r}",
        "全てのトレーニング用データセット・パッケージが{what_ja}（{prop}）を記述しています:"
        "「{excerpt}」",
    ),
    "judge_detail": (
        "whether the detail suffices is for an officer to judge",
        "詳細が十分かは担当者が判断してください",
    ),
    # European Open Source AI Index.
    "index.citation": (
        "European Open Source AI Index, doi:10.5281/zenodo.15386042 (CC-BY 4.0): cite the index "
        "files when reusing these answers",
        "European Open Source AI Index（doi:10.5281/zenodo.15386042、CC-BY 4.0）。これらの回答を"
        "再利用するときは、索引のファイルを出典として示してください",
    ),
    "index.graded_only": (
        "{dimension}: graded {grade}; no question of its own",
        "{dimension}: 評価は「{grade_ja}」です。対応する質問はありません",
    ),
    "index.graded_only_notes": (
        "{dimension}: graded {grade}; no question of its own (notes: {notes})",
        "{dimension}: 評価は「{grade_ja}」です。対応する質問はありません（索引の注記:「{notes}」）",
    ),
    "index.not_graded_rest": (
        "the freedoms, the data information (1)(a)-(e) and the skilled-person judgement are not "
        "graded by the index: left unknown",
        "四つの自由、データ情報 (1)(a)〜(e) 及び熟練者の判断は索引で評価されていないため、不明の"
        "ままにしました",
    ),
    "index.graded": (
        "{dimension} graded {grade}: {what}",
        "{dimension} の評価は「{grade_ja}」: {what}",
    ),
    "index.notes": ("the index notes: {notes!r}", "索引の注記は「{notes}」です"),
    "index.released": ("released", "公開されています"),
    "index.licence_from_end": (
        "licence from system.endmodellicense",
        "ライセンスは system.endmodellicense によります",
    ),
    "terms_unstated": ("its terms are not stated", "条件は示されていません"),
    "index.partial_document": (
        "it exists but says less than required; its terms are not stated",
        "存在しますが、求められる内容に足りません。条件は示されていません",
    ),
    "index.partial": (
        "only partly shared or gated, never read as released under open terms; record what is "
        "released and under which terms",
        "一部のみの共有又は制限付きの共有のため、オープンな条件で公開されたとは読みません。何が"
        "どの条件で公開されているかを記録してください",
    ),
    "index.not_shared": ("not shared", "共有されていません"),
    "index.not_graded": (
        "{dimension} is not graded: left unknown",
        "{dimension} は評価されていないため、不明のままにしました",
    ),
    "index.no_data_grade": (
        "neither data source dimension is graded: left unknown",
        "データソースの項目はいずれも評価されていないため、不明のままにしました",
    ),
    "index.datasets": ("{what} ({stages})", "{what}（{stages}）"),
    "index.stage": ("{dimension} graded {grade}", "{dimension} の評価は「{grade_ja}」"),
    "index.stage_notes": (
        "{dimension} graded {grade}, the index notes: {notes!r}",
        "{dimension} の評価は「{grade_ja}」、索引の注記は「{notes}」",
    ),
    "index.data_open": (
        "every graded stage's training data is shared; terms not stated",
        "評価された各段階のトレーニングデータは共有されています。条件は示されていません",
    ),
    "index.data_closed": (
        "the training data is not shared",
        "トレーニングデータは共有されていません",
    ),
    "index.data_partial": (
        "some training data is shared, not all (partial)",
        "トレーニングデータは一部のみ共有されています（一部）",
    ),
    "index.no_base": (
        "the index names no base model (system.basemodelname): lineage left unknown",
        "索引にベースモデル（system.basemodelname）の記載がないため、系譜は不明のままにしました",
    ),
    "index.same_model": (
        "the base and end model are the same: the index does not say whether it was trained "
        "from scratch; base_model_used left unknown",
        "ベースモデルと最終モデルが同じです。ゼロから学習したかは索引から分からないため、"
        "ベースモデルの使用は不明のままにしました",
    ),
    "index.base_and_end": (
        "the index names base model {base!r} and end model {end!r}",
        "索引はベースモデル「{base}」と最終モデル「{end}」を挙げています",
    ),
    "index.base_not_preferred": (
        "the index grades the training code closed, or both the base model's data sources and "
        "the datasheet closed",
        "索引は、トレーニング用コードをクローズド、又はベースモデルのデータソースとデータシートの"
        "両方をクローズドと評価しています",
    ),
    # Vendor workbook.
    "xlsx.formula_text": (
        "{where}: text starting with '=' is kept as literal text, not a formula",
        "{where}: 「=」で始まる文字列は、数式ではなく文字列のまま保存しました",
    ),
    "xlsx.no_system_name": (
        "the system name (system.name) is empty",
        "システム名（system.name）が空欄です",
    ),
    "xlsx.policy_version": (
        "the workbook was exported for version {exported!r} of the policy; importing with "
        "version {current!r}",
        "このワークブックはポリシーの版「{exported}」用に出力されたものです。版「{current}」で"
        "取り込みます",
    ),
    "xlsx.questionnaires": (
        "the workbook's questionnaires ({exported}) differ from the policy's ({current}); check "
        "the answers",
        "ワークブックの質問票（{exported}）がポリシーの質問票（{current}）と異なります。回答を確認"
        "してください",
    ),
    "xlsx.no_answer": (
        "{where}: evidence or a note without an answer; recorded as unknown",
        "{where}: 回答のない根拠又はメモがあるため、「不明」として記録しました",
    ),
    "xlsx.by_vendor": ("answered by the vendor", "提供者が回答しました"),
    "xlsx.vendor_note": ("vendor's note: {text}", "提供者のメモ:「{text}」"),
    # The title an import gives the assessment when the officer gives none.
    "import.title": ("{name} (imported from {source})", "{name}（{source} から取り込み）"),
    # Gathering public records.
    "gather.source": ("the record this answer was imported from", "この回答の取り込み元の記録"),
    "gather.weights": (
        "the repository holds weight files ({files}) at this revision; the licence is the card's",
        "リポジトリのこの版に重みのファイルがあります（{files}）。ライセンスはカードの記載によります",
    ),
    "gather.architecture": (
        "the repository holds the model's architecture code: {files}",
        "リポジトリにモデル・アーキテクチャのコードがあります: {files}",
    ),
    "gather.paper": (
        "the repository links this paper; its licence was not read: state it",
        "リポジトリがこの論文を示しています。ライセンスは読み取っていないため、記入してください",
    ),
    "gather.data_cards": (
        "the datasets the model card names have cards on the Hub; whether they cover all of the "
        "training data is not stated",
        "モデル・カードが挙げるデータセットには Hub にカードがあります。トレーニングデータの全てに"
        "当たるかは示されていません",
    ),
    "gather.code_by_name": (
        "read from the file names in the repository ({files}): open them to confirm what they "
        "do; the licence is the repository's",
        "リポジトリのファイル名から読みました（{files}）。内容を開いて確認してください。ライセンスは"
        "リポジトリのものです",
    ),
    "gather.replaces": (
        "{ref} replaces the answer {previous} read earlier",
        "{ref} の記録で、先に読んだ回答 {previous} を置き換えました",
    ),
    "gather.prefix": ("{ref}: {text}", "{ref}: {text}"),
}

LABELS_JA = {
    "Hugging Face model card": "Hugging Face のモデル・カード",
    "Hugging Face repository": "Hugging Face のリポジトリ",
    "GitHub repository": "GitHub のリポジトリ",
    "Model Openness Tool file": "Model Openness Tool のファイル",
    "Model Openness Tool record": "Model Openness Tool の記録",
    "European Open Source AI Index entry": "European Open Source AI Index の項目",
    "SPDX 3.0 document": "SPDX 3.0 の文書",
    "SPDX document": "SPDX の文書",
    "CycloneDX ML-BOM": "CycloneDX の ML-BOM",
    "ML-BOM": "ML-BOM",
    "vendor workbook": "提供者のワークブック",
    "model card": "モデル・カード",
}
KINDS_JA = {"unlicensed": "ライセンスなし", "undisclosed": "非開示", "proprietary": "独自の条件"}
GRADES_JA = {"open": "オープン", "partial": "一部", "closed": "クローズド"}
ROLES_JA = {"training": "トレーニング", "evaluation": "評価"}
WHAT_JA = {
    "how the data was collected": "データの収集方法",
    "how the data was processed": "データの処理方法",
}
HOW_JA = {
    "": "",
    " (finetune)": "（ファインチューニング）",
    " (adapter)": "（アダプター）",
    " (merge)": "（マージ）",
    " (quantized)": "（量子化）",
}


# The notes importers give evidence links, as (pattern, Japanese); the record's own names and
# paths in parentheses stay as written.
EVIDENCE_JA: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), ja)
    for p, ja in (
        (r"^licence text \((.+)\)$", r"ライセンス文書（\1）"),
        (r"^licence text of (.+) \(license_path\)$", r"\1 のライセンス文書（license_path）"),
        (r"^release repository \((.+)\)$", r"公開リポジトリ（\1）"),
        (r"^Hugging Face page \((.+)\)$", r"Hugging Face のページ（\1）"),
        (r"^paper \((.+)\)$", r"論文（\1）"),
        (r"^model hub page \((.+)\)$", r"モデルの Hub のページ（\1）"),
        (r"^dataset named by the card$", "カードが挙げるデータセット"),
        (r"^(\w+) \(the index's evidence\)$", r"\1（索引の根拠）"),
        (r"^download location of the AI package$", "AIパッケージのダウンロード場所"),
        (
            r"^download location of a training dataset$",
            "トレーニング用データセットのダウンロード場所",
        ),
        (r"^download location of a evaluation dataset$", "評価用データセットのダウンロード場所"),
        (r"^base model$", "ベースモデル"),
        (r"^model card$", "モデル・カード"),
        (r"^website$", "ウェブサイト"),
        (r"^source repository \(vcs\)$", "ソース・リポジトリ（vcs）"),
        (r"^distribution of the model$", "モデルの配布場所"),
        (r"^training data location$", "トレーニングデータの所在"),
        (r"^given by the vendor$", "提供者が示したもの"),
        (r"^Hub metadata: (.+)$", r"Hub のメタデータ: \1"),
        (r"^the record this answer was imported from$", "この回答の取り込み元の記録"),
    )
)


def evidence_note_ja(text: str) -> str:
    """An importer's evidence note in Japanese (as written when it is not one of ours)."""
    for pattern, ja in EVIDENCE_JA:
        if pattern.match(text):
            return pattern.sub(ja, text)
    return text


def label_ja(label: str) -> str:
    """A source label (`Hugging Face model card`) in Japanese, or as it is when unknown."""
    return LABELS_JA.get(label, label)


Arg = Union[str, int, Sequence[str], "Note", tuple["Note", ...]]
Part = tuple[str, tuple[tuple[str, Arg], ...]]


@dataclass(frozen=True)
class Note:
    """One or more coded messages, joined when rendered (`; ` in English, `。` in Japanese)."""

    parts: tuple[Part, ...]

    def __add__(self, other: Note) -> Note:
        """Both notes, this one first."""
        return Note(self.parts + other.parts)

    def render(self, lang: Lang = "en", title: Callable[[str], str] | None = None) -> str:
        """The note in `lang`; question ids through `title` when given (Japanese only)."""
        sep = "; " if lang == "en" else "。"
        return sep.join(_part(code, dict(args), lang, title) for code, args in self.parts)

    @property
    def message(self) -> str:
        """The English text (what the CLI prints and golden files hold)."""
        return self.render("en")

    def to_data(self) -> list[dict[str, object]]:
        """The note as JSON data: its codes and arguments, so it is put into words when shown."""
        return [
            {"code": code, "args": {k: _arg_data(v) for k, v in args}} for code, args in self.parts
        ]

    @classmethod
    def from_data(cls, data: object) -> Note | None:
        """A note from `to_data`; None when the data is not one (or names a code no longer known,
        so the caller shows the words stored beside it)."""
        if not isinstance(data, list) or not data:
            return None
        parts: list[Part] = []
        for item in data:
            if not isinstance(item, dict) or item.get("code") not in MESSAGES:
                return None
            raw = item.get("args", {})
            if not isinstance(raw, dict):
                return None
            args: list[tuple[str, Arg]] = []
            for key, value in raw.items():
                arg = _arg_from(value)
                if arg is None:
                    return None
                args.append((str(key), arg))
            parts.append((str(item["code"]), tuple(args)))
        return cls(tuple(parts))


def _arg_data(value: Arg) -> object:
    """An argument as JSON data (a note, several notes, a list, a text or a number)."""
    if isinstance(value, Note):
        return {"note": value.to_data()}
    if isinstance(value, (str, int)):
        return value
    if value and isinstance(value[0], Note):
        return {"notes": [n.to_data() for n in value if isinstance(n, Note)]}
    return [str(v) for v in value]


def _arg_from(value: object) -> Arg | None:
    """An argument from `_arg_data`'s JSON; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, list):
        return tuple(str(v) for v in value) if all(isinstance(v, str) for v in value) else None
    if isinstance(value, dict) and len(value) == 1:
        if "note" in value:
            return Note.from_data(value["note"])
        if "notes" in value and isinstance(value["notes"], list):
            notes = [Note.from_data(n) for n in value["notes"]]
            if notes and all(n is not None for n in notes):
                return tuple(n for n in notes if n is not None)
    return None


def note(code: str, **args: Arg) -> Note:
    """A coded note; `code` must be in MESSAGES."""
    if code not in MESSAGES:
        raise KeyError(code)
    return Note(((code, tuple(args.items())),))


def text(value: str) -> Note:
    """A note that says `value` in every language (a record's own words, or not yet coded)."""
    return note("text", text=value)


def join(notes: Sequence[Note]) -> Note:
    """Several notes as one."""
    parts: tuple[Part, ...] = ()
    for n in notes:
        parts += n.parts
    return Note(parts)


def _part(code: str, args: dict[str, Arg], lang: Lang, title: Callable[[str], str] | None) -> str:
    """One coded message in `lang`."""
    en, ja = MESSAGES[code]
    if code == "infer.untold":
        args = {**args, "why": _why(args.get("missing", ()), lang, title)}
    plain: dict[str, str | int | Sequence[str]] = {
        k: _flat(v, lang, title) for k, v in args.items()
    }
    if lang == "en":
        if title is not None:  # shown to an officer: questions by their text
            plain = {
                k: (title(v) if isinstance(v, str) else [title(x) for x in v])
                if k in ("q", "qs") and not isinstance(v, int)
                else v
                for k, v in plain.items()
            }
        return en.format(**{k: _en(v) for k, v in plain.items()})
    shown: dict[str, str] = {}
    for key, value in plain.items():
        if key in ("q", "qs") and title is not None and not isinstance(value, int):
            value = title(value) if isinstance(value, str) else [title(v) for v in value]
        shown[key] = str(value) if isinstance(value, (str, int)) else "、".join(value)
    record = str(args.get("record", ""))
    shown["record_ja"] = label_ja(record)
    kind = str(args.get("kind", ""))
    shown["kind_ja"] = KINDS_JA.get(kind, kind)
    how = str(args.get("how", ""))
    shown["how_ja"] = HOW_JA.get(how, how)
    shown["why_ja"] = shown.get("why", "")
    names = args.get("names")
    if isinstance(names, (list, tuple)):  # a record's own names, quoted
        shown["names_ja"] = "、".join(f"「{n}」" for n in names if isinstance(n, str))
    shown["grade_ja"] = GRADES_JA.get(str(args.get("grade", "")), str(args.get("grade", "")))
    shown["role_ja"] = ROLES_JA.get(str(args.get("role", "")), str(args.get("role", "")))
    shown["what_ja"] = WHAT_JA.get(str(args.get("what", "")), str(args.get("what", "")))
    if "flag" in args:
        from osai_procure.models.licence import FLAG_TITLES

        flag = str(args["flag"])
        shown["flag_ja"] = FLAG_TITLES[flag].ja if flag in FLAG_TITLES else flag
    if "label" in args:
        shown["label"] = label_ja(str(args["label"]))
    return ja.format(**shown)


def _flat(value: Arg, lang: Lang, title: Callable[[str], str] | None) -> str | int | Sequence[str]:
    """Notes given as arguments rendered in `lang` (several joined as a list is)."""
    if isinstance(value, Note):
        return value.render(lang, title)
    if isinstance(value, tuple) and value and isinstance(value[0], Note):
        return ("; " if lang == "en" else "、").join(
            n.render(lang, title) for n in value if isinstance(n, Note)
        )
    return value  # type: ignore[return-value]


def _en(value: str | int | Sequence[str]) -> str | int:
    """An argument as the English templates expect it (lists joined with commas)."""
    if isinstance(value, (str, int)):
        return value
    return ", ".join(value)


def _why(missing: Arg, lang: Lang, title: Callable[[str], str] | None) -> str:
    """The clause naming what a record does not show released under accepted terms."""
    if not missing or isinstance(missing, (str, int, Note)):
        return ""
    missing = [str(m) for m in missing]
    if lang == "en":
        shown = [" or ".join(title(p) for p in m.split(" or ")) if title else m for m in missing]
        return MESSAGES["infer.why"][0].format(missing=", ".join(shown))
    names = [
        "又は".join(title(p) if title is not None else p for p in m.split(" or ")) for m in missing
    ]
    return MESSAGES["infer.why"][1].format(missing="、".join(names))
