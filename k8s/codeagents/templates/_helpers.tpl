{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "codeagents.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; a release named like the chart is not repeated. */}}
{{- define "codeagents.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "codeagents.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one component's objects: <fullname>-<component>. Call with (list $ "model-gateway"). */}}
{{- define "codeagents.componentName" -}}
{{- $root := index . 0 }}
{{- printf "%s-%s" (include "codeagents.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. Call with (list $ "component"). */}}
{{- define "codeagents.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "codeagents.chart" $root }}
{{ include "codeagents.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: codeagents
{{- end }}

{{/* Selector labels of one component. Call with (list $ "component"). */}}
{{- define "codeagents.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "codeagents.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "codeagents.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "codeagents.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image of a codeagents service. Call with (list $ "model-gateway"). */}}
{{- define "codeagents.image" -}}
{{- $root := index . 0 }}
{{- $repo := printf "%s%s" $root.Values.image.repositoryPrefix (index . 1) }}
{{- if $root.Values.image.registry }}
{{- $repo = printf "%s/%s" $root.Values.image.registry $repo }}
{{- end }}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $root.Values.image.tag) }}
{{- end }}

{{- define "codeagents.secretName" -}}
{{- default (printf "%s-secrets" (include "codeagents.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{/* Secret holding a generated key: the one created at install and kept across upgrades. */}}
{{- define "codeagents.generatedSecretName" -}}
{{- printf "%s-generated" (include "codeagents.fullname" .) }}
{{- end }}

{{/* secretKeyRef of the service key (CODEAGENTS_API_KEY). */}}
{{- define "codeagents.apiKeyRef" -}}
{{- if or .Values.auth.existingSecret .Values.auth.apiKey -}}
name: {{ include "codeagents.secretName" . }}
{{- else -}}
name: {{ include "codeagents.generatedSecretName" . }}
{{- end }}
key: api-key
{{- end }}

{{/* secretKeyRef of the database password. */}}
{{- define "codeagents.dbPasswordRef" -}}
{{- if or .Values.auth.existingSecret (not .Values.postgresql.enabled) .Values.postgresql.auth.password -}}
name: {{ include "codeagents.secretName" . }}
{{- else -}}
name: {{ include "codeagents.generatedSecretName" . }}
{{- end }}
key: db-password
{{- end }}

{{- define "codeagents.jdbcUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- printf "jdbc:postgresql://%s:5432/%s" (include "codeagents.componentName" (list . "postgresql")) .Values.postgresql.auth.database }}
{{- else }}
{{- required "externalDatabase.jdbcUrl is required when postgresql.enabled is false" .Values.externalDatabase.jdbcUrl }}
{{- end }}
{{- end }}

{{- define "codeagents.dbUsername" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.username }}{{ else }}{{ .Values.externalDatabase.username }}{{ end }}
{{- end }}

{{- define "codeagents.redisUrl" -}}
{{- if .Values.redis.enabled }}
{{- printf "redis://%s:6379" (include "codeagents.componentName" (list . "redis")) }}
{{- else }}
{{- required "externalRedis.url is required when redis.enabled is false" .Values.externalRedis.url }}
{{- end }}
{{- end }}

{{/* In-cluster URL of a codeagents service. Call with (list $ "model-gateway"). */}}
{{- define "codeagents.serviceUrl" -}}
{{- $root := index . 0 }}
{{- $name := index . 1 }}
{{- printf "http://%s:%v" (include "codeagents.componentName" (list $root $name)) (index $root.Values.services $name).port }}
{{- end }}

{{- define "codeagents.ollamaUrl" -}}
{{- if .Values.backends.ollamaUrl }}
{{- .Values.backends.ollamaUrl }}
{{- else if .Values.ollama.enabled }}
{{- printf "http://%s:11434" (include "codeagents.componentName" (list . "ollama")) }}
{{- end }}
{{- end }}

{{- define "codeagents.modelsClaim" -}}
{{- default (include "codeagents.componentName" (list . "models")) .Values.models.persistence.existingClaim }}
{{- end }}

{{/* Services that mount the models volume, and how. */}}
{{- define "codeagents.modelsMount" -}}
{{- $name := . }}
{{- if eq $name "download-service" }}rw{{ else if or (eq $name "model-gateway") (eq $name "doctor-service") }}ro{{ end }}
{{- end }}

{{/* Keys of the endpoints ConfigMap each service reads (who talks to whom, ARCHITECTURE.md). */}}
{{- define "codeagents.serviceEnv" -}}
{{- $env := dict
  "model-gateway" (list "GATEWAY_DEFAULT_MODEL")
  "generator-agent" (list "GATEWAY_DEFAULT_MODEL" "MODEL_GATEWAY_URL" "REVIEWER_URL")
  "reviewer-agent" (list "GATEWAY_DEFAULT_MODEL" "MODEL_GATEWAY_URL")
  "download-service" (list)
  "doctor-service" (list "GATEWAY_DEFAULT_MODEL" "MODEL_GATEWAY_URL" "REVIEWER_URL" "GENERATOR_URL" "DOWNLOAD_SERVICE_URL")
}}
{{- toJson (index $env .) }}
{{- end }}
